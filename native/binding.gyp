{
  "targets": [
    {
      "target_name": "reco_blas",
      "sources": ["reco_blas.c"],
      "libraries": ["-lopenblas"],
      "cflags": ["-O2"]
    }
  ]
}
