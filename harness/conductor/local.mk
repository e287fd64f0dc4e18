## harness/conductor: (rules to come)
