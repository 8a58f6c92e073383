// geth-stateless: geth's own stateless block validator (core.ExecuteStateless, the code geth's
// cmd/keeper runs in a zkVM) as a plain Linux program, for rivet's RISC-V emulator
// (`rivet exec --abi linux`). It validates one block from its execution witness alone and prints
// one JSON line shaped like `rivet stateless`'s:
//
//	{"valid":true,"block_hash":"0x…","state_root":"0x…","receipts_root":"0x…","gas_used":N,"error":null}
//
// usage:
//
//	geth-stateless [--chain NAME | --network FORK] BLOCK WITNESS
//	geth-stateless [--chain NAME | --network FORK] [PAYLOAD | -]
//
// BLOCK is a block's RLP, WITNESS geth's ExtWitness RLP [headers, codes, state, keys] (what
// `rivet witness` writes); PAYLOAD is keeper's input, the RLP of [chainID, block, witness]
// (stdin when absent or "-"). Files may also hold the bytes as 0x-prefixed hex text.
// --chain picks mainnet, sepolia or hoodi (keeper's configs; for PAYLOAD the default comes from
// its chain id as in keeper: 0 is mainnet); --network picks the fork config geth's own
// blockchain tests use (tests.Forks: "Cancun", "ShanghaiToCancunAtTime15k", …).
//
// The verdict is keeper's: ExecuteStateless succeeds and the computed state and receipts roots
// equal the block header's. Exit status 0 valid, 1 invalid, 2 usage or unreadable input.
package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/stateless"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/tests"
)

// payload is keeper's input (cmd/keeper/main.go).
type payload struct {
	ChainID uint64
	Block   *types.Block
	Witness *stateless.Witness
}

func usage(msg string) {
	fmt.Fprintf(os.Stderr, "geth-stateless: %s\n"+
		"usage: geth-stateless [--chain mainnet|sepolia|hoodi | --network FORK] BLOCK WITNESS\n"+
		"       geth-stateless [--chain NAME | --network FORK] [PAYLOAD | -]\n", msg)
	os.Exit(2)
}

// readInput returns a file's bytes ("-": stdin), hex-decoded when the file is 0x-prefixed text.
func readInput(path string) []byte {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		usage(err.Error())
	}
	if t := bytes.TrimSpace(data); len(t) >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') {
		if b, err := hex.DecodeString(string(t[2:])); err == nil {
			return b
		}
	}
	return data
}

// chainConfig is keeper's getChainConfig, by name or by chain id.
func chainConfig(name string, id uint64) (*params.ChainConfig, error) {
	switch {
	case name == "mainnet" || (name == "" && (id == 0 || id == params.MainnetChainConfig.ChainID.Uint64())):
		return params.MainnetChainConfig, nil
	case name == "sepolia" || (name == "" && id == params.SepoliaChainConfig.ChainID.Uint64()):
		return params.SepoliaChainConfig, nil
	case name == "hoodi" || (name == "" && id == params.HoodiChainConfig.ChainID.Uint64()):
		return params.HoodiChainConfig, nil
	case name != "":
		return nil, fmt.Errorf("unknown chain %q", name)
	}
	return nil, fmt.Errorf("unsupported chain ID: %d", id)
}

func main() {
	var chain, network string
	var files []string
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case (a == "--chain" || a == "--network") && i+1 < len(args):
			if a == "--chain" {
				chain = args[i+1]
			} else {
				network = args[i+1]
			}
			i++
		case a == "-h" || a == "--help":
			usage("validates a block from its execution witness with core.ExecuteStateless")
		case len(a) > 1 && a[0] == '-':
			usage("unknown option " + a)
		default:
			files = append(files, a)
		}
	}
	var p payload
	switch len(files) {
	case 0, 1:
		path := "-"
		if len(files) == 1 {
			path = files[0]
		}
		if err := rlp.DecodeBytes(readInput(path), &p); err != nil {
			usage("payload: " + err.Error())
		}
	case 2:
		p.Block, p.Witness = new(types.Block), new(stateless.Witness)
		if err := rlp.DecodeBytes(readInput(files[0]), p.Block); err != nil {
			usage("block: " + err.Error())
		}
		if err := rlp.DecodeBytes(readInput(files[1]), p.Witness); err != nil {
			usage("witness: " + err.Error())
		}
	default:
		usage("one payload, or a block and a witness")
	}
	var config *params.ChainConfig
	var err error
	if network != "" {
		if config = tests.Forks[network]; config == nil {
			usage("unknown network " + network)
		}
	} else if config, err = chainConfig(chain, p.ChainID); err != nil {
		usage(err.Error())
	}

	stateRoot, receiptRoot, err := core.ExecuteStateless(context.Background(), config, vm.Config{},
		p.Block, p.Witness)
	switch {
	case err != nil:
		err = fmt.Errorf("stateless self-validation failed: %w", err)
	case stateRoot != p.Block.Root():
		err = errors.New("state root mismatch")
	case receiptRoot != p.Block.ReceiptHash():
		err = errors.New("receipts root mismatch")
	}
	msg := "null"
	if err != nil {
		msg = strconv.Quote(err.Error())
	}
	fmt.Printf("{\"valid\":%t,\"block_hash\":%q,\"state_root\":%q,\"receipts_root\":%q,"+
		"\"gas_used\":%d,\"error\":%s}\n", err == nil, p.Block.Hash().Hex(), hash(stateRoot),
		hash(receiptRoot), p.Block.GasUsed(), msg)
	if err != nil {
		os.Exit(1)
	}
}

func hash(h common.Hash) string { return h.Hex() }
