"""What a plan is: values, periods, words, colours, figures, targets, rules and the
models of its files. It sits below both reading the YAML (`plan/`) and judging
(`status/`), and imports neither."""
