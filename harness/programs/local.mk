## harness/programs: (rules to come)
