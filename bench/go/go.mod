module sluice.dev/bench/go

go 1.19
