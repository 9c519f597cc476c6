sim_add_library(sim_sigv4 SOURCES sigv4.cc aws_chunked.cc crypto.cc DEPS sim_core OpenSSL::Crypto)
