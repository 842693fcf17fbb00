namespace CallRules.Runtime;

// common/HelpLinks.cs is compiled into the generator too, where it is internal; here it is public API, so tools can
// link an error to its documentation. Its documentation is there.
public static partial class HelpLinks;
