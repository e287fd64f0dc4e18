## scenarios: (rules to come)
