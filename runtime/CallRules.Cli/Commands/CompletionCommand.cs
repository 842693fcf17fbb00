using System.Collections.Generic;
using System.CommandLine;
using CallRules.Cli.Hosting;

namespace CallRules.Cli.Commands;

/// <summary>
/// <c>callrules completion bash|zsh</c>: prints a script that wires the shell's completion to System.CommandLine's
/// <c>[suggest:position]</c> directive, so completions always follow the commands and options this binary has.
/// </summary>
internal sealed class CompletionCommand : CliCommand
{
    private static readonly string[] s_shells = ["bash", "zsh"];
    private readonly Argument<string[]> _shell = CliOptions.Paths("shell", "bash or zsh.");

    public CompletionCommand() : base("completion", "Print the shell completion script for bash or zsh.") => Command.Add(_shell);

    public override string Title => "callrules completion: print a script that completes callrules commands and options in your shell.";

    public override IReadOnlyList<string> Usage => ["callrules completion bash|zsh"];

    public override string Notes => """
        The script asks callrules itself what can follow the words typed so far (the '[suggest]'
        directive of System.CommandLine), so it never goes stale; where no command or option fits,
        the shell completes file names. Load it from your shell's start-up file.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "echo 'eval \"$(callrules completion bash)\"' >> ~/.bashrc",
        "echo 'eval \"$(callrules completion zsh)\"' >> ~/.zshrc",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        var shell = result.GetValue(_shell) ?? [];
        if (shell.Length != 1) return "'completion' needs one shell: bash or zsh.";
        if (System.Array.IndexOf(s_shells, shell[0]) < 0)
            return $"'completion' does not know the shell '{shell[0]}'; it knows 'bash' and 'zsh'{UsageErrors.DidYouMean(shell[0], s_shells)}";
        return null;
    }

    public override int Run(ParseResult result, CliContext context)
    {
        context.Stdout.Write(result.GetValue(_shell)![0] == "bash" ? Bash : Zsh);
        return ExitCodes.Success;
    }

    private const string Bash = """
        # callrules completion for bash: eval "$(callrules completion bash)"
        _callrules_complete() {
            local IFS=$'\n'
            local candidates
            candidates=$(callrules "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -o bashdefault -F _callrules_complete callrules

        """;

    private const string Zsh = """
        # callrules completion for zsh: eval "$(callrules completion zsh)"
        _callrules_complete() {
            local -a candidates
            candidates=("${(@f)$(callrules "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            if (( ${#candidates[@]} )) && [[ -n "${candidates[1]}" ]]; then
                compadd -- "${candidates[@]}"
            else
                _files
            fi
        }
        compdef _callrules_complete callrules

        """;
}
