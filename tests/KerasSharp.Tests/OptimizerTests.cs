using Keras;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>Optimizer steps against the Keras 2.2 formulas worked out by hand in double precision.</summary>
public class OptimizerTests
{
    // One Dense unit without bias on one input, loss MSE: L = (w x - t)^2, dL/dw = 2 x (w x - t).
    private static (Sequential Model, Tensor X, Tensor Y) Scalar(Optimizer optimizer, float w0, float x, float t)
    {
        var model = new Sequential();
        model.Add(new Dense(1, use_bias: false, input_shape: 1));
        model.SetWeights(new[] { tensor(new[] { w0 }).reshape(1, 1) });
        model.Compile(optimizer, "mse");
        return (model, tensor(new[] { x }).reshape(1, 1), tensor(new[] { t }).reshape(1, 1));
    }

    private static double Weight(Sequential model) => model.GetWeights()[0].item<float>();

    private static double Grad(double w, double x, double t) => 2 * x * (w * x - t);

    [Fact]
    public void Sgd_nesterov_with_decay_follows_the_keras_formula_over_several_iterations()
    {
        double lr = 0.1, momentum = 0.9, decay = 0.01, x = 1.5, t = 2.0, w = 0.5, m = 0;
        var (model, X, Y) = Scalar(new SGD(lr: lr, momentum: momentum, decay: decay, nesterov: true), (float)w, (float)x, (float)t);
        for (int iteration = 0; iteration < 3; iteration++)
        {
            model.Fit(X, Y, batch_size: 1, epochs: 1, verbose: 0, shuffle: false);
            double g = Grad(w, x, t);
            double lrT = lr / (1 + decay * iteration);
            double v = momentum * m - lrT * g;
            m = v;
            w = w + momentum * v - lrT * g;
            Assert.Equal(w, Weight(model), 5);
        }
        Assert.Equal(3, model.Optimizer!.Iterations);
    }

    [Fact]
    public void Sgd_plain_momentum_adds_the_velocity()
    {
        double lr = 0.05, momentum = 0.5, decay = 0.1, x = -1.0, t = 0.25, w = 1.0, m = 0;
        var (model, X, Y) = Scalar(new SGD(lr: lr, momentum: momentum, decay: decay), (float)w, (float)x, (float)t);
        for (int iteration = 0; iteration < 3; iteration++)
        {
            model.Fit(X, Y, batch_size: 1, epochs: 1, verbose: 0, shuffle: false);
            double v = momentum * m - lr / (1 + decay * iteration) * Grad(w, x, t);
            m = v;
            w += v;
            Assert.Equal(w, Weight(model), 5);
        }
    }

    [Fact]
    public void Adam_follows_the_keras_22_formula()
    {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7, x = 2.0, t = -1.0, w = 0.3, m = 0, v = 0;
        var (model, X, Y) = Scalar(new Adam(lr: lr), (float)w, (float)x, (float)t);
        for (int step = 1; step <= 3; step++)
        {
            model.Fit(X, Y, batch_size: 1, epochs: 1, verbose: 0, shuffle: false);
            double g = Grad(w, x, t);
            double lrT = lr * Math.Sqrt(1 - Math.Pow(b2, step)) / (1 - Math.Pow(b1, step));
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            w -= lrT * m / (Math.Sqrt(v) + eps);
            Assert.Equal(w, Weight(model), 5);
        }
    }

    [Fact]
    public void Rmsprop_follows_the_keras_22_formula()
    {
        double lr = 0.01, rho = 0.9, eps = 1e-7, x = 0.5, t = 3.0, w = -0.2, a = 0;
        var (model, X, Y) = Scalar(new RMSprop(lr: lr), (float)w, (float)x, (float)t);
        for (int step = 0; step < 3; step++)
        {
            model.Fit(X, Y, batch_size: 1, epochs: 1, verbose: 0, shuffle: false);
            double g = Grad(w, x, t);
            a = rho * a + (1 - rho) * g * g;
            w -= lr * g / (Math.Sqrt(a) + eps);
            Assert.Equal(w, Weight(model), 5);
        }
    }

    [Fact]
    public void Adadelta_follows_the_keras_22_formula()
    {
        double lr = 1.0, rho = 0.95, eps = 1e-7, x = 0.5, t = 3.0, w = -0.2, a = 0, d = 0;
        var (model, X, Y) = Scalar(new Adadelta(), (float)w, (float)x, (float)t);
        for (int step = 0; step < 3; step++)
        {
            model.Fit(X, Y, batch_size: 1, epochs: 1, verbose: 0, shuffle: false);
            double g = Grad(w, x, t);
            a = rho * a + (1 - rho) * g * g;
            double update = g * Math.Sqrt(d + eps) / Math.Sqrt(a + eps);
            w -= lr * update;
            d = rho * d + (1 - rho) * update * update;
            Assert.Equal(w, Weight(model), 5);
        }
    }

    [Fact]
    public void Optimizer_names_resolve_and_unknown_ones_list_the_valid_names()
    {
        Assert.IsType<SGD>((Optimizer)"sgd");
        Assert.IsType<Adam>((Optimizer)"adam");
        Assert.IsType<RMSprop>((Optimizer)"rmsprop");
        var e = Assert.Throws<ArgumentException>(() => (Optimizer)"adagrad_typo");
        Assert.Contains("sgd, rmsprop, adam, adadelta", e.Message);
        Assert.IsType<Adadelta>((Optimizer)"adadelta");
        Assert.Equal(0.01, new SGD().Lr);
        Assert.Equal(0.001, new Adam().Lr);
        Assert.Throws<ArgumentException>(() => new SGD(lr: 0.1, learning_rate: 0.1));
    }
}
