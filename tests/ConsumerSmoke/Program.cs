using Keras.Layers;
using Keras.Models;
using Keras.Native;
using static TorchSharp.torch;

// Touch TorchSharp through KerasSharp first, as a user would, then run a real tensor op.
var model = new Sequential();
model.Add(new Dense(2, input_shape: 3));
using var x = ones(4, 3);
using var y = model.Predict(x);
using var total = tensor(new float[] { 1, 2, 3 }).sum();
Console.WriteLine($"sum={total.item<float>()} predict_shape=({string.Join(", ", y.shape)})");
Console.WriteLine($"native: {TorchSharpNativeLoader.Status}");
Console.WriteLine($"libtorch folder: {TorchSharpNativeLoader.LibTorchFolderInUse}");
foreach (string file in TorchSharpNativeLoader.MappedLibTorchFiles()) Console.WriteLine($"mapped: {file}");
