// Runs the hybrid tests' EVM twins (tests/hybrid-twins/*.json, EEST state-test format) on
// @ethereumjs/vm and compares the post-state root and logs hash with the files: an EVM
// independent of rivet's confirms the expected results the RISC-V versions are held to.
// BLOCKHASH(n) follows the state-test convention, keccak256 of n's decimal digits.
// Usage: node check.mjs DIR   (last line: N passed, N failed)
import fs from 'node:fs'
import path from 'node:path'
import { createVM, runTx } from '@ethereumjs/vm'
import { Common, Mainnet, Hardfork } from '@ethereumjs/common'
import { createBlock } from '@ethereumjs/block'
import { createLegacyTx } from '@ethereumjs/tx'
import { createAddressFromString, createAccount, hexToBytes, bytesToHex, setLengthLeft, utf8ToBytes } from '@ethereumjs/util'
import { RLP } from '@ethereumjs/rlp'
import { keccak256 } from 'ethereum-cryptography/keccak.js'

const dir = process.argv[2]
let passed = 0, failed = 0
const big = (h) => BigInt(h === '0x' ? 0 : h)

for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
  const file = JSON.parse(fs.readFileSync(path.join(dir, f)))
  for (const [name, t] of Object.entries(file)) {
    for (const [i, post] of t.post.Prague.entries()) {
      const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague })
      const blockchain = {
        getBlock: async (n) => ({ hash: () => keccak256(utf8ToBytes(String(n))) }),
      }
      const vm = await createVM({ common, blockchain })
      for (const [a, acc] of Object.entries(t.pre)) {
        const addr = createAddressFromString(a)
        await vm.stateManager.putAccount(addr, createAccount({ nonce: big(acc.nonce), balance: big(acc.balance) }))
        if (acc.code !== '0x') await vm.stateManager.putCode(addr, hexToBytes(acc.code))
        for (const [k, v] of Object.entries(acc.storage))
          await vm.stateManager.putStorage(addr, setLengthLeft(hexToBytes(k), 32), hexToBytes(v))
      }
      const e = t.env
      const block = createBlock({ header: {
        coinbase: e.currentCoinbase, number: big(e.currentNumber), timestamp: big(e.currentTimestamp),
        gasLimit: big(e.currentGasLimit), baseFeePerGas: big(e.currentBaseFee), difficulty: 0n,
        mixHash: e.currentRandom, excessBlobGas: big(e.currentExcessBlobGas) } }, { common })
      const x = t.transaction, ix = post.indexes
      const tx = createLegacyTx({
        nonce: big(x.nonce), gasPrice: big(x.gasPrice), gasLimit: big(x.gasLimit[ix.gas]),
        to: x.to === '' ? undefined : x.to, value: big(x.value[ix.value]), data: x.data[ix.data],
      }, { common }).sign(hexToBytes(x.secretKey))
      const r = await runTx(vm, { tx, block, skipBlockGasLimitValidation: true })
      const root = bytesToHex(await vm.stateManager.getStateRoot())
      const logs = bytesToHex(keccak256(RLP.encode(r.receipt.logs)))
      const id = `${f}: ${name} [Prague #${i}]`
      if (root === post.hash && logs === post.logs) passed++
      else {
        failed++
        console.log(`FAIL ${id}: root ${root} (want ${post.hash}), logs ${logs} (want ${post.logs})`)
      }
    }
  }
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
