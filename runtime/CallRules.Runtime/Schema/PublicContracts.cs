namespace CallRules.Runtime.Schema;

// common/SchemaContracts.cs is compiled into the generator too, where it is internal; here it is public API, so the
// CLI (schema-diff) and other tools name schema changes the way the build does. Its documentation is there.
public sealed partial class SchemaContract;

public sealed partial class FieldContract;

public sealed partial class ContractChange;

public static partial class SchemaContracts;
