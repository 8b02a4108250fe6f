using KerasSharp.Tutorial;

namespace KerasSharp.Tests.Tutorial;

/// <summary>Runs the tutorial app in-process, as its command line would, capturing what it prints.</summary>
internal static class TutorialRunner
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var (code, output, error) = RunSeparately(args);
        return (code, output + error);
    }

    /// <summary>The run with what it printed on standard output and on standard error apart.</summary>
    public static (int ExitCode, string Output, string Error) RunSeparately(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Invoke(args, options => TutorialApp.Run(options, output, error), error, options => PredictCommand.Run(options, output, error));
        return (code, output.ToString(), error.ToString());
    }
}
