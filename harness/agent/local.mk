## harness/agent: (rules to come)
