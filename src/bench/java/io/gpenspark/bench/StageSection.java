package io.gpenspark.bench;

import io.gpenspark.config.JobConfig;
import io.gpenspark.listing.InputFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Section (b): one photo through the job's stages, repeatedly, each stage timed; the share of
 * everything around the model (read … metrics, align and paste-back included) in the model's time.
 */
final class StageSection {
  private StageSection() {}

  static Map<String, Object> run(BenchOptions o) throws Exception {
    Configuration hadoop = new Configuration();
    Path in = Workload.inputs(o, "stages-in", 1);
    Path out = o.scratch.resolve("stages-out");
    JobConfig config = Workload.config(o, in, out, o.stageSize);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("loadBefore", Machine.load());
    try (StagePipeline pipeline =
        new StagePipeline(
            config, hadoop, Workload.qualified(in, hadoop), Workload.qualified(out, hadoop))) {
      InputFile photo = Workload.files(in, hadoop).get(0);
      Bench.log(
          "stages: %s at GPEN-%d, %d runs after a warm-up",
          o.photo.getFileName(), o.stageSize, o.stageRuns);
      StagePipeline.Timing warm = pipeline.process(photo);
      if (warm.faces() == 0) {
        throw new IllegalStateException(
            o.photo + ": no face found; the stages section needs a photo with a face");
      }
      List<StagePipeline.Timing> runs = new ArrayList<>();
      for (int i = 0; i < o.stageRuns; i++) {
        runs.add(pipeline.process(photo));
      }
      r.put("photo", o.photo.toString());
      r.put("photoBytes", Files.size(o.photo));
      r.put("size", o.stageSize);
      r.put("faces", warm.faces());
      r.put("runs", runs.size());
      r.put("intraOpThreads", Torch.intraOpThreads());
      Map<String, Object> stages = new LinkedHashMap<>();
      for (String stage : StagePipeline.STAGES) {
        stages.put(stage, Stats.of(runs.stream().map(t -> t.ms().get(stage)).toList()).json());
      }
      r.put("stageMs", stages);
      Stats model = Stats.of(runs.stream().map(StagePipeline.Timing::model).toList());
      Stats around = Stats.of(runs.stream().map(StagePipeline.Timing::aroundModel).toList());
      Stats share = Stats.of(runs.stream().map(t -> t.aroundModel() / t.model()).toList());
      Stats total = Stats.of(runs.stream().map(StagePipeline.Timing::total).toList());
      r.put("modelMs", model.json());
      r.put("aroundModelMs", around.json());
      r.put("totalMs", total.json());
      r.put("aroundModelShare", share.json());
      Bench.log(
          "  model %.0f ms, around it %.0f ms (%.1f %% of the model), median",
          model.median(), around.median(), 100 * share.median());
    }
    r.put("loadAfter", Machine.load());
    return r;
  }
}
