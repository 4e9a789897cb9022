"""config.yaml and the per-folder `.gt-watch.yaml` rules files: schema, loading with line
numbers, rule inheritance and matching. Everything here is pure except `loader`, `token`,
`discover` and `validate`, which read files. Must not place orders or write anything.

Import from the modules (importing this package loads nothing, so that `gt-watch --help`
stays fast). The surface the service and the CLI use:

- `loader.load_config(path) -> Config`: ConfigError with every problem, each at its line
- `token.load_token(config) -> str`: registered with `redact` before it is returned
- `rules.parse_rules(text, source, folder="") -> RulesFile`: also for rules in buckets
- `resolve.resolve(chain, folder=None, defaults=RuleDefaults()) -> model.FolderRules`
- `rulebook.RuleBook(root, texts, defaults)`, `discover.load_rule_book(root, defaults)`:
  `rules_for(path) -> FolderRules`, ConfigError naming a broken rules file
- `matching.matches(rules, relative_path) -> bool`
- `fingerprint.rule_fingerprint(rule, parent_fingerprint="") -> str`
- `outputs.sidecar_name(template, stem=, rule=, output=) -> str`, `outputs.OUTPUT_EXTENSIONS`
- `validate.validate_setup(config_path, paths) -> ValidationReport`
"""
