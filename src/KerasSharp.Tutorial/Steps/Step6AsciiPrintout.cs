using KerasSharp.Extensions;

namespace KerasSharp.Tutorial.Steps;

/// <summary>Tutorial step 6: visualising each network's structure with keras-sequential-ascii.</summary>
internal sealed class Step6AsciiPrintout : TutorialStep
{
    public override (int First, int Last) Numbers => (6, 6);

    public override string Title(TutorialOptions options) => "Step 6: the networks in ASCII";

    public override void Run(TutorialContext ctx)
    {
        foreach (var (name, cnn_n) in ctx.Networks)
        {
            Console.WriteLine($"{name}:");
            try
            {
                KerasSequentialAscii.sequential_model_to_ascii_printout(cnn_n);
            }
            catch (ArgumentException e)
            {
                // A functional network that branches has no chain to draw; its summary (step 4) shows its graph.
                Console.WriteLine(e.Message);
            }
            Console.WriteLine();
        }
    }
}
