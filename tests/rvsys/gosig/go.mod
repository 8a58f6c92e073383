module gosig

go 1.19
