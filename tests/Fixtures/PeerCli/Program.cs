using System.Threading;
using CallRules.Cli;
using CallRules.Cli.Hosting;
using CallRules.Tests.Peers;

// The callrules command over the test schema peer.schema.json (see PeerCli.csproj).
return new CallRulesApp<Peer>().Run(args, CliContext.ForConsole(CancellationToken.None));
