/// A configuration value with rules beyond its type: ranges, allowed values, relations between its keys.
/// The decoder checks every such value it decodes, after the whole document decoded without unknown keys,
/// and refuses the first broken rule as a `ConfigError` at the file and line of the key (the user's file first).
public protocol ConfigValidating {
    /// Records in `rules` every rule this value breaks, at key paths relative to the value.
    func validate(_ rules: inout ConfigRules)
}
