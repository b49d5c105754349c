"""WatchB: movie catalogue, ratings service and the pipeline that ranks them."""
