using Keras.Losses;
using Keras.Metrics;
using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// What <c>Compile</c> set for each output, as Keras 2.2's training code keeps it: the loss, its weight in the total
/// loss, the metrics, and the names they are logged under. With one output these are <c>loss</c> and <c>acc</c>; with
/// several, Keras 2.2's <c>loss</c> (the weighted sum), then <c>dense_2_loss</c>... for each output, then
/// <c>dense_2_acc</c>... for each output's metrics.
/// </summary>
internal sealed class Objectives
{
    public Objectives(IReadOnlyList<string> outputNames, IReadOnlyList<Shape> outputShapes, IReadOnlyList<Loss> losses,
        IReadOnlyList<double> weights, IReadOnlyList<IReadOnlyList<string>> metrics)
    {
        Losses = losses;
        Weights = weights;
        bool several = outputNames.Count > 1;
        Metrics = outputNames.Select((name, i) => metrics[i].Select(m => Metric.Get(m, losses[i], outputShapes[i])).ToList()).ToList();
        var names = new List<string> { "loss" };
        if (several) names.AddRange(outputNames.Select(n => $"{n}_loss"));
        for (int i = 0; i < outputNames.Count; i++) names.AddRange(Metrics[i].Select(m => several ? $"{outputNames[i]}_{m.Name}" : m.Name));
        Names = names;
    }

    /// <summary>Each output's loss.</summary>
    public IReadOnlyList<Loss> Losses { get; }

    /// <summary>Each output's weight in the total loss.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>Each output's metrics.</summary>
    public IReadOnlyList<IReadOnlyList<Metric>> Metrics { get; }

    /// <summary>Every logged name, in Keras 2.2's order (<c>model.metrics_names</c>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether the per-output losses are logged beside the total.</summary>
    private bool Several => Losses.Count > 1;

    /// <summary>
    /// A training batch's loss, as Keras 2.2's <c>weighted_masked_objective</c> makes it: each output's loss per sample
    /// (a sequence's steps masked out and averaged, see <see cref="PerSampleScore"/>), times the sample weights when given
    /// (divided by the share of non-zero weights), averaged; then the outputs' losses weighted and summed. Returns the
    /// total and each output's own loss.
    /// </summary>
    public (Tensor Total, Tensor[] PerOutput) BatchLoss(IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> predictions, Tensor? sampleWeights, IReadOnlyList<Tensor?>? masks = null)
    {
        var perOutput = new Tensor[Losses.Count];
        Tensor? total = null;
        var nonZeroShare = sampleWeights?.ne(0).to(ScalarType.Float32).mean();
        for (int i = 0; i < Losses.Count; i++)
        {
            var score = PerSampleScore(Losses[i].Call(y[i], predictions[i]), masks?[i]);
            if (sampleWeights is not null) score = score * sampleWeights / nonZeroShare!;
            perOutput[i] = score.mean();
            var weighted = Weights[i] == 1 ? perOutput[i] : perOutput[i] * Weights[i];
            total = total is null ? weighted : total + weighted;
        }
        return (total!, perOutput);
    }

    /// <summary>Every logged value of a batch, each as its per-sample values (for sums over a pass), in <see cref="Names"/>' order.</summary>
    public IEnumerable<Tensor> PerSample(IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> predictions, IReadOnlyList<Tensor?>? masks = null)
    {
        var losses = Losses.Select((loss, i) => PerSampleScore(loss.Call(y[i], predictions[i]), masks?[i])).ToList();
        Tensor total = losses.Select((l, i) => Weights[i] == 1 ? l : l * Weights[i]).Aggregate((a, b) => a + b);
        yield return total;
        if (Several) foreach (var l in losses) yield return l;
        foreach (var m in MetricsPerSample(y, predictions, masks)) yield return m;
    }

    /// <summary>A batch's metric values, each per sample, in the order of <see cref="Names"/> after the losses.</summary>
    public IEnumerable<Tensor> MetricsPerSample(IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> predictions, IReadOnlyList<Tensor?>? masks = null)
    {
        for (int i = 0; i < Metrics.Count; i++)
            foreach (var metric in Metrics[i]) yield return PerSampleScore(metric.Call(y[i], predictions[i]), masks?[i]);
    }

    /// <summary>
    /// One value per sample from a loss's or metric's scores, as Keras 2.2's <c>weighted_masked_objective</c>: with a
    /// mask (batch, timesteps), the masked steps' scores are zeroed and the rest divided by the batch mask's mean; then
    /// a sequence's scores are averaged over its steps.
    /// </summary>
    private static Tensor PerSampleScore(Tensor score, Tensor? mask)
    {
        if (mask is not null && score.dim() >= 2)
        {
            var kept = mask.to(score.dtype);
            score = score * kept / kept.mean();
        }
        return score.dim() <= 1 ? score : score.mean(Enumerable.Range(1, (int)score.dim() - 1).Select(d => (long)d).ToArray());
    }

    /// <summary>How many of <see cref="Names"/> are losses (the total, and each output's when there are several).</summary>
    public int LossCount => Several ? 1 + Losses.Count : 1;
}
