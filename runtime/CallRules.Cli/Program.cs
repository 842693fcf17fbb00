using System;
using System.IO;
using System.Threading;
using CallRules.Cli;
using CallRules.Cli.Hosting;
using CallRules.Connections;

// The connections CLI: the only place that names the definition type.
using var cancellation = new CancellationTokenSource();
var context = CliContext.ForConsole(cancellation.Token);
try
{
    return new CallRulesApp<Connection>().Run(args, context);
}
catch (IOException e)
{
    // An I/O failure the pipeline could not place (a spill file, a vanished input): a clear line, not a stack trace.
    Console.Error.WriteLine($"callrules: error: {CallRules.Runtime.MessageText.Escape(e.Message)}");
    return ExitCodes.Failed;
}
catch (UnauthorizedAccessException e)
{
    Console.Error.WriteLine($"callrules: error: {CallRules.Runtime.MessageText.Escape(e.Message)}");
    return ExitCodes.Failed;
}
