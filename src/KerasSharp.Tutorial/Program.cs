using KerasSharp.Tutorial;

return CommandLine.Invoke(args, options => TutorialApp.Run(options));
