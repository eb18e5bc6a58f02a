"""The benchmark of issue #6: a synthetic region (``bench.synthetic``) built and measured (``bench.run``)."""
