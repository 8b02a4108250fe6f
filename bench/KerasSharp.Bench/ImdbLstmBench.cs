using System.Diagnostics;
using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Bench;

/// <summary>
/// Keras's IMDB LSTM example at batch 32 on IMDB-shaped random data (index sequences of 200 below 20,000): Embedding 128,
/// LSTM 128, Dense 1 with Adam, in two forms: tf.keras's sigmoid gates, which libtorch's fused LSTM computes, and Keras
/// 2.2's default hard_sigmoid gates, which only the layer's own step loop computes.
/// </summary>
internal static class ImdbLstmBench
{
    public const int Words = 20000, Length = 200, Batch = 32;

    public static Sequential Build(string recurrentActivation)
    {
        var model = new Sequential();
        model.Add(new Embedding(Words, 128, input_length: Length));
        model.Add(new LSTM(128, recurrent_activation: recurrentActivation));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Compile("adam", "binary_crossentropy");
        return model;
    }

    /// <summary>Training steps of batch 32 (index sequences, binary labels) to time, after a warm-up.</summary>
    public static double SecondsPerStep(Sequential model, int warmup, int steps)
    {
        Util.SetRandomSeed(2);
        var x = randint(0, Words, new long[] { (warmup + steps) * Batch, Length }).to_type(ScalarType.Float32);
        var y = randint(0, 2, new long[] { (warmup + steps) * Batch, 1 }).to_type(ScalarType.Float32);
        model.Fit(x.narrow(0, 0, warmup * Batch), y.narrow(0, 0, warmup * Batch), batch_size: Batch, verbose: 0);
        var clock = Stopwatch.StartNew();
        model.Fit(x.narrow(0, warmup * Batch, steps * Batch), y.narrow(0, warmup * Batch, steps * Batch), batch_size: Batch, verbose: 0);
        return clock.Elapsed.TotalSeconds / steps;
    }

    /// <summary>Sequences per second of one Predict at batch 32.</summary>
    public static double SequencesPerSecond(Sequential model, int count)
    {
        var x = randint(0, Words, new long[] { count, Length }).to_type(ScalarType.Float32);
        var clock = Stopwatch.StartNew();
        using (model.Predict(x, batch_size: Batch)) { }
        return count / clock.Elapsed.TotalSeconds;
    }
}
