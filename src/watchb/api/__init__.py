"""What every WatchB API shares: query-parameter parsing (`params`) and the error body (`errors`)."""
