package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.metrics.Psnr;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every field of metrics.json says what the run was and what it measured. */
class MetricsTest {
    @TempDir
    Path temp;

    @Test
    void metricsDescribeTheRunAndItsResult() throws Exception {
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("run");
        CliRun run = CliRun.of("fit", image, "--out", out, "--epochs", 3, "--degree", 6, "--width", 16, "--layers", 2,
                "--rank", 4, "--batch", 64, "--lr", "2e-3", "--seed", 9, "--threads", 2);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(image.toString(), m.get("image").asText());
        assertEquals(24, m.get("width").asInt());
        assertEquals(16, m.get("height").asInt());
        assertEquals(3, m.get("channels").asInt());
        assertEquals(64, m.get("batch").asInt());
        assertEquals(2e-3, m.get("lr").asDouble(), 0.0);
        assertEquals(9, m.get("seed").asLong());
        assertEquals(3, m.get("epochs").asInt());
        assertTrue(m.get("backend").asText().startsWith("cpu: 2 threads"), m.get("backend").asText());
        JsonNode model = m.get("model");
        assertEquals("6", model.get("degree").asText());
        assertEquals("16", model.get("width").asText());
        assertEquals("2", model.get("hidden_layers").asText());
        assertEquals("4", model.get("rank").asText());
        assertEquals("true", model.get("modulation").asText());
        assertEquals("relu", model.get("nonlinearity").asText());
        // params: every float of the checkpoint (the arange buffer is not a parameter).
        long floats = 0;
        for (Map.Entry<String, TensorData> t : Safetensors.read(out.resolve("model.safetensors")).tensors().entrySet()) {
            if (t.getValue().isFloating()) {
                floats += t.getValue().elementCount();
            }
        }
        assertEquals(floats, m.get("params").asLong());
        double seconds = m.get("train_seconds").asDouble();
        assertTrue(seconds > 0, "train_seconds");
        assertEquals(24 * 16 * 3 / seconds, m.get("samples_per_second").asDouble(), 1e-6 * m.get("samples_per_second").asDouble());
        assertEquals(3, m.get("psnr_per_epoch").size());
        for (JsonNode value : m.get("psnr_per_epoch")) {
            assertTrue(value.asDouble() > 0 && value.asDouble() < 60, "PSNR of an epoch: " + value);
        }
        // psnr is that of the written reconstruction (up to its 8-bit rounding).
        Image reconstruction = ImageReader.read(out.resolve("reconstruction.png"));
        Image target = ImageReader.read(image);
        assertEquals(Psnr.psnr(reconstruction.pixels(), target.pixels()), m.get("psnr").asDouble(), 0.05);
        assertTrue(m.get("ssim").asDouble() > -1 && m.get("ssim").asDouble() <= 1);
        assertTrue(run.stderr().contains(String.format("sl2a fit: PSNR %.2f dB, SSIM %.4f after 3 epochs in ",
                m.get("psnr").asDouble(), m.get("ssim").asDouble())), run.stderr());
    }
}
