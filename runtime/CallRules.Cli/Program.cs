using System;
using System.IO;
using CallRules.Cli;
using CallRules.Cli.Hosting;
using CallRules.Connections;
using CallRules.Runtime;

// The connections CLI: the only place that names the definition type.
using var interruption = Interruption.Register();
var context = CliContext.ForConsole(interruption.Token);
try
{
    return new CallRulesApp<Connection>().Run(args, context);
}
catch (OperationCanceledException) when (interruption.ExitCode is { } code)
{
    // The run stopped at the signal: its temporary files are removed and no output file was changed.
    Console.Error.WriteLine($"callrules: stopped by {interruption.SignalName}; no output file was changed.");
    return code;
}
catch (IOException e)
{
    // An I/O failure the pipeline could not place (a vanished input): a clear line, not a stack trace.
    Console.Error.WriteLine($"callrules: error: {MessageText.Escape(e.Message)}");
    return ExitCodes.Failed;
}
catch (UnauthorizedAccessException e)
{
    Console.Error.WriteLine($"callrules: error: {MessageText.Escape(e.Message)}");
    return ExitCodes.Failed;
}
