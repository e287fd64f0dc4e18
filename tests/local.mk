## tests: (rules to come)
