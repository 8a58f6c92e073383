// Compiles Counter.sol (or another file of this folder) with solc from npm (offline, soljson is in the package); cached in
// build.json next to it. Prints nothing; exports {abi, bytecode}.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const dir = path.dirname(fileURLToPath(import.meta.url));

export function compile(file = "Counter.sol", name = "Counter") {
  const src = fs.readFileSync(path.join(dir, file), "utf8");
  const input = {
    language: "Solidity",
    sources: { [file]: { content: src } },
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague",
                outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errs = (out.errors || []).filter((e) => e.severity === "error");
  if (errs.length) throw new Error(errs.map((e) => e.formattedMessage).join("\n"));
  const c = out.contracts[file][name];
  return { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
}
