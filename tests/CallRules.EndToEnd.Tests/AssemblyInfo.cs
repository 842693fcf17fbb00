using Xunit;

// Each test starts its own Kamailio and SIPp peers; running them one at a time keeps ports, CPU and
// the call timings predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
