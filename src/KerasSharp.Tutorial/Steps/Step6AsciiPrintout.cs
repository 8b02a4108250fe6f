using KerasSharp.Extensions;

namespace KerasSharp.Tutorial.Steps;

/// <summary>Tutorial step 6: <c>sequential_model_to_ascii_printout(model)</c> for each network.</summary>
internal static class Step6AsciiPrintout
{
    public static void Run(TutorialContext ctx)
    {
        foreach (var (name, (model, _)) in ctx.Models)
        {
            ctx.Out.WriteLine($"{name}:");
            KerasSequentialAscii.SequentialModelToAsciiPrintout(model, ctx.Out);
            ctx.Out.WriteLine();
        }
    }
}
