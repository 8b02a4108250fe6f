using KerasSharp.Tutorial;

namespace KerasSharp.Tests.Tutorial;

/// <summary>Runs the tutorial app in-process, as its command line would, capturing what it prints.</summary>
internal static class TutorialRunner
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Invoke(args, options => TutorialApp.Run(options, output), error, options => PredictCommand.Run(options, output));
        return (code, output + error.ToString());
    }
}
