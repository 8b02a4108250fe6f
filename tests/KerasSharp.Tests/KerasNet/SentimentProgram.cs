// A program of our own in Keras.NET's style: sentiment classification of IMDB-format reviews with an Embedding, a 1-D
// convolution, max pooling and an LSTM, as Keras's imdb_cnn_lstm example builds it. Reviews come as int[][] here
// (Keras.NET types them NDarray), so the padded arrays get names of their own; the rest is as Keras.NET code is
// written. The namespace line and method name are the test's.
#nullable disable
using Keras;
using Keras.Datasets;
using Keras.Layers;
using Keras.Models;
using Keras.PreProcessing.sequence;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

public static class SentimentProgram
{
    public static (double[] Score, NDarray Predictions) Run(string imdbPath)
    {
        int max_features = 200;
        int maxlen = 40;
        int batch_size = 16;

        Console.WriteLine("Loading data...");
        var ((x_train, y_train), (x_test, y_test)) = IMDB.LoadData(imdbPath, num_words: max_features);
        Console.WriteLine($"{x_train.Length} train sequences, {x_test.Length} test sequences");

        Console.WriteLine("Pad sequences (samples x time)");
        var X_train = SequenceUtil.PadSequences(x_train, maxlen: maxlen);
        var X_test = SequenceUtil.PadSequences(x_test, maxlen: maxlen);
        Console.WriteLine($"x_train shape: {X_train.shape}");

        var model = new Sequential();
        model.Add(new Embedding(max_features, 16, input_length: maxlen));
        model.Add(new Dropout(0.25));
        model.Add(new Conv1D(16, 5, padding: "valid", activation: "relu"));
        model.Add(new MaxPooling1D(pool_size: 2));
        model.Add(new LSTM(16, recurrent_activation: "sigmoid"));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Compile(loss: "binary_crossentropy", optimizer: "adam", metrics: new string[] { "accuracy" });
        model.Summary();

        model.Fit(X_train, y_train, batch_size: batch_size, epochs: 6, validation_data: new NDarray[] { X_test, y_test }, verbose: 2);
        var score = model.Evaluate(X_test, y_test, batch_size: batch_size, verbose: 0);
        Console.WriteLine($"Test score: {score[0]}, test accuracy: {score[1]}");
        return (score, model.Predict(X_test));
    }
}
