namespace KerasSharp.Tutorial;

/// <summary>One step of the tutorial: its heading and its cell of code. Steps print with Console, as the tutorial's cells print.</summary>
internal abstract class TutorialStep
{
    /// <summary>The tutorial's step numbers this step covers: one, or 4-5 for a step that stands in for building and training.</summary>
    public abstract (int First, int Last) Numbers { get; }

    public abstract string Title(TutorialOptions options);

    public abstract void Run(TutorialContext ctx);
}
