"""Files written by `cadenza-tokens build` from tokens.json; edit tokens.json, not these."""
