# SigV4 verifier, aws-chunked decoder and crypto helpers (library: sim/aws/sigv4.cmake).
# Paths use CMAKE_CURRENT_LIST_DIR (this file's folder), wherever it is included from.
sim_add_test(sigv4_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/sigv4_test.cc DEPS sim_sigv4)
target_compile_definitions(sigv4_test PRIVATE
  SIGV4_VECTORS_DIR="${CMAKE_CURRENT_LIST_DIR}/sigv4_vectors")
sim_add_test(aws_chunked_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/aws_chunked_test.cc DEPS sim_sigv4)
sim_add_test(crypto_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/crypto_test.cc DEPS sim_sigv4)
