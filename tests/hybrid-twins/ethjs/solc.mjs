// Compiles a Solidity file with solc-js (imports from node_modules, e.g. OpenZeppelin) and
// prints {contract: {creation, runtime, abi}} as JSON; with --slots, also the storage slots
// of mapping keys: keccak256(key . slot), as Solidity lays them out.
// Usage: node solc.mjs FILE.sol [--slots JSON]   JSON: [[slot, key1, key2...], ...]
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { keccak256 } from 'ethereum-cryptography/keccak.js'
import { hexToBytes, bytesToHex, setLengthLeft } from '@ethereumjs/util'

const require = createRequire(import.meta.url)
const solc = require('solc')
const here = path.dirname(new URL(import.meta.url).pathname)
const file = process.argv[2]
const input = {
  language: 'Solidity',
  sources: { [path.basename(file)]: { content: fs.readFileSync(file, 'utf8') } },
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'prague',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] } } },
}
const find = (p) => {
  const f = path.join(here, 'node_modules', p)
  return fs.existsSync(f) ? { contents: fs.readFileSync(f, 'utf8') } : { error: 'not found: ' + p }
}
const out = JSON.parse(solc.compile(JSON.stringify(input), { import: find }))
for (const e of out.errors || []) if (e.severity === 'error') { console.error(e.formattedMessage); process.exit(1) }
const result = { solc: solc.version() }
for (const [, cs] of Object.entries(out.contracts)) for (const [name, c] of Object.entries(cs))
  result[name] = { creation: '0x' + c.evm.bytecode.object, runtime: '0x' + c.evm.deployedBytecode.object, abi: c.abi, methods: c.evm.methodIdentifiers }
const si = process.argv.indexOf('--slots')
if (si > 0) {
  result.slots = JSON.parse(process.argv[si + 1]).map(([slot, ...keys]) => {
    let s = setLengthLeft(hexToBytes(slot), 32)
    for (const k of keys) s = keccak256(new Uint8Array([...setLengthLeft(hexToBytes(k), 32), ...s]))
    return bytesToHex(s)
  })
}
console.log(JSON.stringify(result))
