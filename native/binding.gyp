{
  "targets": [
    {
      "target_name": "reco_native",
      "sources": ["addon.c", "napi_args.c", "sgemm.c", "softmax_xent.c", "adam.c", "embedding_bag.c"],
      "libraries": ["-lopenblas"],
      "cflags": ["-O3", "-std=c11", "-fno-math-errno", "-fno-trapping-math", "-fassociative-math", "-fno-signed-zeros", "-ffinite-math-only"]
    }
  ]
}
