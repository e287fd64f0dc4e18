## harness/report: (rules to come)
