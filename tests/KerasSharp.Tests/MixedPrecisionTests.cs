using Keras;
using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Keras's mixed_bfloat16 policy: layers built under it compute in bfloat16 while their weights, the optimizer's
/// updates, the outputs and the loss stay float32; a layer's own dtype wins over the global policy; the policy survives
/// model JSON and Keras 3 files; and the answers stay close to float32's with the same weights.
/// </summary>
public class MixedPrecisionTests : SessionScopedTest
{
    private static Sequential Network()
    {
        var model = new Sequential();
        model.Add(new Conv2D(4, 3, padding: "same", activation: "relu", input_shape: (8, 8, 1)));
        model.Add(new MaxPooling2D());
        model.Add(new Flatten());
        model.Add(new Dense(16, activation: "relu"));
        model.Add(new Dense(4, activation: "softmax", dtype: "float32"));
        return model;
    }

    private static Sequential Mixed() => UnderMixedPolicy(Network);

    private static T UnderMixedPolicy<T>(Func<T> build)
    {
        MixedPrecision.SetGlobalPolicy("mixed_bfloat16");
        try
        {
            return build();
        }
        finally
        {
            MixedPrecision.SetGlobalPolicy("float32");
        }
    }

    [Fact]
    public void Layers_take_the_global_policy_unless_they_name_their_own()
    {
        var model = Mixed();
        Assert.Equal(new[] { "mixed_bfloat16", "mixed_bfloat16", "mixed_bfloat16", "mixed_bfloat16", "float32" }, model.Layers.Select(l => l.DtypePolicy.Name));
        Assert.Equal(("bfloat16", "float32"), (model.Layers[0].DtypePolicy.ComputeDtype, model.Layers[0].DtypePolicy.VariableDtype));
        Assert.Equal("<Policy \"mixed_bfloat16\">", model.Layers[0].DtypePolicy.ToString());
        Assert.All(Network().Layers, l => Assert.Equal("float32", l.DtypePolicy.Name)); // the global policy is float32 again
        Assert.Contains("\"mixed_float16\" is not supported", Assert.Throws<ArgumentException>(() => MixedPrecision.SetGlobalPolicy("mixed_float16")).Message);
    }

    [Fact]
    public void Training_keeps_float32_weights_and_outputs_and_learns()
    {
        var (x, y, _) = SyntheticData.Quadrants(128, seed: 6);
        Keras.Utils.Util.SetRandomSeed(6);
        var model = Mixed();
        model.Compile(new Keras.Optimizers.SGD(lr: 0.1, momentum: 0.9), "categorical_crossentropy", new[] { "accuracy" });
        var history = model.Fit(x, y, batch_size: 16, epochs: 8, verbose: 0);
        Assert.All(model.GetWeights(), w => Assert.Equal(ScalarType.Float32, w.dtype));
        Assert.True(history.history["loss"][^1] < history.history["loss"][0] * 0.7, string.Join(", ", history.history["loss"]));
        using var predicted = model.Predict(x);
        Assert.Equal(ScalarType.Float32, predicted.dtype);
        Assert.True(predicted.sum(1).allclose(ones(128), rtol: 0, atol: 1e-5)); // the float32 softmax sums to 1
    }

    [Fact]
    public void A_softmax_is_computed_in_float32_whether_a_layer_or_an_activation_argument_asks_for_it()
    {
        using var logits = tensor(new float[] { 1f, 2.5f, -0.25f, 4f }).reshape(1, 4).to(ScalarType.BFloat16);
        using var probabilities = Activations.Apply("softmax", logits);
        Assert.Equal(ScalarType.Float32, probabilities.dtype);
        using var expected = logits.to(ScalarType.Float32).softmax(-1);
        Assert.True(probabilities.allclose(expected, rtol: 0, atol: 0));
        using var relu = Activations.Apply("relu", logits);
        Assert.Equal(ScalarType.BFloat16, relu.dtype); // other activations keep the compute type
    }

    [Fact]
    public void Mixed_answers_stay_close_to_float32_answers_with_the_same_weights()
    {
        Keras.Utils.Util.SetRandomSeed(8);
        var full = Network();
        var mixed = Mixed();
        mixed.SetWeights(full.GetWeights());
        using var x = rand(32, 8, 8, 1);
        using var a = full.Predict(x);
        using var b = mixed.Predict(x);
        double difference = (a - b).abs().max().item<float>();
        Assert.InRange(difference, 1e-7, 0.02); // bfloat16 keeps 8 bits of mantissa: close, and not the same computation
    }

    [Fact]
    public void Predict_and_evaluate_cast_each_weight_once_per_pass_and_never_reuse_a_stale_cast()
    {
        Keras.Utils.Util.SetRandomSeed(4);
        var (x, y, _) = SyntheticData.Quadrants(64, seed: 4);
        var model = Mixed();
        model.Compile(new Keras.Optimizers.SGD(lr: 0.1), "categorical_crossentropy", new[] { "accuracy" });
        // Batch by batch as Predict goes: oneDNN may block another batch size differently, so only the same split is bitwise comparable.
        Tensor Uncached()
        {
            using var guard = inference_mode();
            using var scope = NewDisposeScope();
            return cat(x.split(16).Select(batch => model.Forward(batch, training: false)).ToList(), 0).MoveToOuterDisposeScope();
        }

        using var before = model.Predict(x, batch_size: 16);
        using var expected = Uncached();
        Assert.True(before.equal(expected).all().item<bool>()); // the kept casts are the casts each batch would make
        long live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (model.Predict(x, batch_size: 16)) { }
        model.Evaluate(x, y, batch_size: 16, verbose: 0);
        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount); // the passes' casts are freed with them

        // Outside the passes nothing is kept: a forward pass sees weights set in between.
        var weights = model.GetWeights();
        model.SetWeights(Mixed().GetWeights());
        using var other = Uncached();
        model.SetWeights(weights);
        using var again = Uncached();
        Assert.True(again.equal(expected).all().item<bool>());
        Assert.False(other.equal(expected).all().item<bool>());

        model.Fit(x, y, batch_size: 16, epochs: 1, verbose: 0);
        using var after = model.Predict(x, batch_size: 16);
        using var retrained = Uncached();
        Assert.True(after.equal(retrained).all().item<bool>()); // the next pass casts the trained weights again
        Assert.False(after.equal(before).all().item<bool>());
    }

    /// <summary>
    /// One training step as it was made before training copies: every read of a weight casts it afresh inside the graph,
    /// so that the gradient reaches the float32 weight through the cast's backward.
    /// </summary>
    private static void StepThroughFreshCasts(BaseModel model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var (outputs, masks) = model.ForwardWithMasks(new[] { x }, new CallContext(training: true, model.Random));
        var (loss, _) = model.CompiledObjectives.BatchLoss(new[] { y }, outputs, null, masks);
        loss.backward();
        model.Optimizer!.Step(model.TrainableWeightList);
    }

    [Fact]
    public void Training_steps_read_bfloat16_copies_of_the_weights_and_update_them_as_fresh_casts_would()
    {
        Keras.Utils.Util.SetRandomSeed(9);
        var (x, y, _) = SyntheticData.Quadrants(32, seed: 9);
        var copies = Mixed();
        var casts = Mixed();
        casts.SetWeights(copies.GetWeights());
        foreach (var model in new[] { copies, casts })
            model.Compile(new Keras.Optimizers.SGD(lr: 0.1, momentum: 0.9, nesterov: true), "categorical_crossentropy");
        for (int step = 0; step < 3; step++)
        {
            copies.TrainOnBatch(x, y);
            StepThroughFreshCasts(casts, x, y);
        }
        // The same updates, bit for bit: the copy's bfloat16 gradient converted once is what the cast's backward gave.
        KerasFileFixtures.AssertSameWeights(casts, copies);
        Assert.False(copies.GetWeights()[0].equal(Mixed().GetWeights()[0]).all().item<bool>());

        // A weight set between steps is what the next step reads.
        var other = Mixed().GetWeights();
        copies.SetWeights(other);
        casts.SetWeights(other);
        copies.TrainOnBatch(x, y);
        StepThroughFreshCasts(casts, x, y);
        KerasFileFixtures.AssertSameWeights(casts, copies);
    }

    [Fact]
    public void A_layer_read_twice_in_a_step_sums_its_two_gradients_in_float32()
    {
        Keras.Utils.Util.SetRandomSeed(10);
        using var x = rand(16, 6);
        using var y = rand(16, 6);
        Model Build()
        {
            var input = new Input(6);
            var shared = new Dense(6, activation: "tanh");
            return new Model(input, shared.Apply(shared.Apply(input)));
        }
        var copies = UnderMixedPolicy(Build);
        var casts = UnderMixedPolicy(Build);
        casts.SetWeights(copies.GetWeights());
        foreach (var model in new BaseModel[] { copies, casts }) model.Compile(new Keras.Optimizers.SGD(lr: 0.5), "mse");
        for (int step = 0; step < 3; step++)
        {
            copies.TrainOnBatch(x, y);
            StepThroughFreshCasts(casts, x, y);
        }
        KerasFileFixtures.AssertSameWeights(casts, copies);
    }

    [Fact]
    public void The_compatibility_check_reads_the_cpus_bfloat16_support_as_the_os_reports_it()
    {
        // The rule: bfloat16 instructions on AVX-512, or AMX-BF16, are native; AVX-512 alone is emulated; a oneDNN cap takes them away.
        Assert.Equal(CpuInfo.BFloat16Support.Native, CpuInfo.Classify(avx512: true, avx512Bf16: true, amxBf16: false, maxIsa: null));
        Assert.Equal(CpuInfo.BFloat16Support.Native, CpuInfo.Classify(avx512: true, avx512Bf16: false, amxBf16: true, maxIsa: "avx10_1_512_amx"));
        Assert.Equal(CpuInfo.BFloat16Support.Emulated, CpuInfo.Classify(avx512: true, avx512Bf16: false, amxBf16: false, maxIsa: null));
        Assert.Equal(CpuInfo.BFloat16Support.Emulated, CpuInfo.Classify(avx512: true, avx512Bf16: true, amxBf16: true, maxIsa: "AVX512_CORE"));
        Assert.Equal(CpuInfo.BFloat16Support.Reference, CpuInfo.Classify(avx512: true, avx512Bf16: true, amxBf16: false, maxIsa: "AVX2"));
        Assert.Equal(CpuInfo.BFloat16Support.Reference, CpuInfo.Classify(avx512: false, avx512Bf16: false, amxBf16: false, maxIsa: null));
        Assert.Equal(CpuInfo.BFloat16Support.Unknown, CpuInfo.Classify(avx512: false, avx512Bf16: false, amxBf16: false, maxIsa: null, x86: false));

        // This machine, as .NET and CPUID report it: CI runs these tests again under each cap.
        var support = CpuInfo.BFloat16;
        Assert.Equal(System.Runtime.Intrinsics.X86.X86Base.IsSupported, support != CpuInfo.BFloat16Support.Unknown);
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported) Assert.NotEqual(CpuInfo.BFloat16Support.Emulated, support);
        switch (CpuInfo.MaxIsa()?.ToUpperInvariant())
        {
            case "AVX2": Assert.Equal(CpuInfo.BFloat16Support.Reference, support); break;
            case "AVX512_CORE": Assert.NotEqual(CpuInfo.BFloat16Support.Native, support); break;
        }
        Assert.Matches(@"^[\x20-\x7e]+$", CpuInfo.ModelName);

        Assert.Null(DeviceCompatibilityCheck.Warning(CpuInfo.BFloat16Support.Native));
        Assert.Null(DeviceCompatibilityCheck.Warning(CpuInfo.BFloat16Support.Unknown));
        Assert.Contains("emulated", DeviceCompatibilityCheck.Warning(CpuInfo.BFloat16Support.Emulated));
        Assert.Contains("reference kernels", DeviceCompatibilityCheck.Warning(CpuInfo.BFloat16Support.Reference));
        Assert.All(new[] { CpuInfo.BFloat16Support.Emulated, CpuInfo.BFloat16Support.Reference },
            s => Assert.StartsWith("Mixed precision compatibility check (mixed_bfloat16): WARNING", DeviceCompatibilityCheck.Warning(s)));
    }

    [Fact]
    public void A_wrapped_embedding_looks_its_indices_up_uncast_as_an_embedding_alone_does()
    {
        // bfloat16 keeps 8 significant bits: 257 and 301 would become 256 and 300 if the wrapper cast the indices.
        var model = UnderMixedPolicy(() =>
        {
            var m = new Sequential();
            m.Add(new TimeDistributed(new Embedding(400, 3), input_shape: (2, 2)));
            return m;
        });
        using var indices = tensor(new float[] { 301, 257, 3, 399 });
        using var predicted = model.Predict(indices.reshape(1, 2, 2));
        using var expected = model.Layers[0].GetWeights()[0].index_select(0, indices.to_type(ScalarType.Int64)).to(ScalarType.BFloat16).to(ScalarType.Float32);
        Assert.True(predicted.reshape(4, 3).equal(expected).all().item<bool>());
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("simple_rnn")]
    public void A_recurrent_layer_with_softmax_activations_keeps_its_state_in_bfloat16_and_trains(string kind)
    {
        // A bfloat16 softmax comes back in float32; fed into the next step's product it used to abort the process.
        Sequential Network() => new(new Layer[]
        {
            kind switch
            {
                "lstm" => new LSTM(4, activation: "softmax", recurrent_activation: "softmax", input_shape: (5, 3)),
                "gru" => new GRU(4, activation: "softmax", recurrent_activation: "softmax", input_shape: (5, 3)),
                _ => new SimpleRNN(4, activation: "softmax", input_shape: (5, 3)),
            },
        });
        Keras.Utils.Util.SetRandomSeed(10);
        var full = Network();
        var mixed = UnderMixedPolicy(Network);
        mixed.SetWeights(full.GetWeights());
        using var x = rand(6, 5, 3);
        using var a = full.Predict(x);
        using var b = mixed.Predict(x);
        Assert.InRange((a - b).abs().max().item<float>(), 1e-7, 0.02);
        mixed.Compile("sgd", "mse");
        var history = mixed.Fit(x, rand(6, 4), epochs: 2, verbose: 0);
        Assert.All(history.history["loss"], l => Assert.True(double.IsFinite(l)));
    }

    [Fact]
    public void A_bidirectional_layer_of_a_float32_layer_computes_in_float32_under_a_mixed_global_policy()
    {
        static Sequential Network(string? dtype)
        {
            var model = new Sequential();
            model.Add(new Bidirectional(new LSTM(4, return_sequences: true, dtype: dtype), input_shape: (5, 3)));
            return model;
        }
        Keras.Utils.Util.SetRandomSeed(9);
        var full = Network(null);
        var named = UnderMixedPolicy(() => Network("float32"));
        named.SetWeights(full.GetWeights());
        var layer = (Bidirectional)named.Layers[0];
        Assert.Equal(new[] { "float32", "float32", "float32" }, new Layer[] { layer, layer.Forward, layer.Backward }.Select(l => l.DtypePolicy.Name));
        using var x = rand(6, 5, 3);
        using var a = full.Predict(x);
        using var b = named.Predict(x);
        Assert.True(a.equal(b).all().item<bool>());
    }

    [Fact]
    public void The_policy_survives_model_json_and_keras_3_archives()
    {
        var model = Mixed();
        string json = model.ToJson();
        Assert.Contains("{\"class_name\":\"Policy\",\"config\":{\"name\":\"mixed_bfloat16\"}}", json);
        Assert.Equal(model.Layers.Select(l => l.DtypePolicy.Name), Sequential.ModelFromJson(json).Layers.Select(l => l.DtypePolicy.Name));
        string path = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-mixed-").FullName, "mixed.keras");
        model.Save(path);
        var loaded = BaseModel.LoadModel(path);
        Assert.Equal(model.Layers.Select(l => l.DtypePolicy.Name), loaded.Layers.Select(l => l.DtypePolicy.Name));
        using var archive = System.IO.Compression.ZipFile.OpenRead(path);
        using var config = new StreamReader(archive.GetEntry("config.json")!.Open());
        Assert.Contains("\"class_name\":\"DTypePolicy\"", config.ReadToEnd());
    }
}
