using System;
using System.IO;
using CallRules.Cli;
using CallRules.Connections;

// The connections CLI: the only place that names the definition type.
try
{
    return new CallRulesApp<Connection>(Console.Out, Console.Error).Run(args);
}
catch (IOException e)
{
    // An I/O failure the pipeline could not place (a spill file, a vanished input): a clear line, not a stack trace.
    Console.Error.WriteLine($"callrules: error: {e.Message}");
    return ExitCodes.Failed;
}
catch (UnauthorizedAccessException e)
{
    Console.Error.WriteLine($"callrules: error: {e.Message}");
    return ExitCodes.Failed;
}
