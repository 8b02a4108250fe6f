namespace KerasSharp.Tutorial;

/// <summary>One step of the tutorial: its heading and its cell of code. Steps print with Console, as the tutorial's cells print.</summary>
internal abstract class TutorialStep
{
    public abstract string Title(TutorialOptions options);

    public abstract void Run(TutorialContext ctx);
}
