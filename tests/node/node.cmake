# rivet node: the client suite (ethers v6 + viem from npm) against rivet node and against anvil
# (the same script; anvil's run proves it fair), the kill -9 persistence test.
foreach(kind rivet anvil)
  add_test(NAME node.client.${kind}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/node/run.sh ${kind} $<TARGET_FILE:rivet>)
  set_tests_properties(node.client.${kind} PROPERTIES LABELS node SKIP_RETURN_CODE 77
                       TIMEOUT 300 RESOURCE_LOCK node_npm)
endforeach()
add_test(NAME node.persist COMMAND ${CMAKE_SOURCE_DIR}/tests/node/run.sh persist $<TARGET_FILE:rivet>)
set_tests_properties(node.persist PROPERTIES LABELS node TIMEOUT 300 RESOURCE_LOCK node_npm
                     SKIP_RETURN_CODE 77)
add_test(NAME node.riscv COMMAND ${CMAKE_SOURCE_DIR}/tests/node/run.sh riscv $<TARGET_FILE:rivet>)
set_tests_properties(node.riscv PROPERTIES LABELS "node;hybrid" TIMEOUT 300 RESOURCE_LOCK node_npm
                     SKIP_RETURN_CODE 77)
add_test(NAME node.state COMMAND ${CMAKE_SOURCE_DIR}/tests/node/run.sh state $<TARGET_FILE:rivet>)
set_tests_properties(node.state PROPERTIES LABELS node TIMEOUT 300 RESOURCE_LOCK node_npm
                     SKIP_RETURN_CODE 77)
add_test(NAME node.demo COMMAND ${CMAKE_SOURCE_DIR}/tests/node/run.sh demo $<TARGET_FILE:rivet>
                                 ${CMAKE_BINARY_DIR}/riscv64/stateless.zkvm.elf)
set_tests_properties(node.demo PROPERTIES LABELS "node;hybrid" TIMEOUT 300 RESOURCE_LOCK node_npm
                     SKIP_RETURN_CODE 77)
# blob (type 3) transactions with sidecars (blob.mjs), the same script on both nodes, both at
# Prague and at Osaka (anvil 1.7.1's default is BPO1: the fork is always named)
foreach(kind rivet anvil)
  foreach(fork Prague Osaka)
    string(TOLOWER ${fork} lfork)
    add_test(NAME node.blob.${kind}.${lfork}
             COMMAND ${CMAKE_COMMAND} -E env "NODE_ARGS=--hardfork ${fork}"
                     ${CMAKE_SOURCE_DIR}/tests/node/run.sh ${kind} $<TARGET_FILE:rivet> blob.mjs)
    # about a minute each (the WebAssembly prover): labelled slow (the quick run keeps the unit
    # tests of the decoder and of KZG)
    set_tests_properties(node.blob.${kind}.${lfork} PROPERTIES LABELS "node;slow"
                         SKIP_RETURN_CODE 77 TIMEOUT 300 RESOURCE_LOCK node_npm)
  endforeach()
endforeach()
