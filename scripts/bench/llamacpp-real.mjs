// Driver of scripts/bench/llamacpp-real: writes GGUF files, loads them through the llama.cpp CPU
// build bundled with node-llama-cpp, reads the buffer sizes llama.cpp logs, runs gpufit with the
// same settings and prints both per case and term. Run it through the bash script, which installs
// node-llama-cpp and builds gpufit first.
//
// The GGUFs hold zero tensors written sparse (the file is extended, never filled) and a
// vocabulary of placeholder pieces. Nothing is evaluated: llama.cpp only loads the model and
// creates the context (graph_reserve sizes the compute buffer).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const quick = args.includes("--quick");
const json = opt("--format", "table") === "json";
const nodeDir = opt("--node-dir", "target/bench/node");
const ggufDir = opt("--gguf-dir", "target/bench/gguf");
const gpufit = opt("--gpufit", "scripts/gpufit");
const only = opt("--only", null);

// ---------------------------------------------------------------- GGUF writer
const T = { F32: 0, F16: 1, Q8_0: 8, Q4_K: 12, Q6_K: 14 };
const BLOCK = { 0: [1, 4], 1: [1, 2], 8: [32, 34], 12: [256, 144], 14: [256, 210] };
const V = { U32: 4, I32: 5, F32: 6, BOOL: 7, STR: 8, ARR: 9 };

class Buf {
    constructor() { this.parts = []; }
    u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.parts.push(b); }
    u64(v) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.parts.push(b); }
    i32(v) { const b = Buffer.alloc(4); b.writeInt32LE(v); this.parts.push(b); }
    f32(v) { const b = Buffer.alloc(4); b.writeFloatLE(v); this.parts.push(b); }
    str(s) { const b = Buffer.from(s, "utf8"); this.u64(b.length); this.parts.push(b); }
    bytes() { return Buffer.concat(this.parts); }
}

function kv(buf, key, value) {
    buf.str(key);
    if (typeof value === "string") { buf.u32(V.STR); buf.str(value); }
    else if (typeof value === "boolean") { buf.u32(V.BOOL); buf.parts.push(Buffer.from([value ? 1 : 0])); }
    else if (Array.isArray(value)) { buf.u32(V.ARR); buf.u32(V.I32); buf.u64(value.length); value.forEach(v => buf.i32(v)); }
    else if (value.strs) { buf.u32(V.ARR); buf.u32(V.STR); buf.u64(value.strs.length); value.strs.forEach(v => buf.str(v)); }
    else if (value.f32s) { buf.u32(V.ARR); buf.u32(V.F32); buf.u64(value.f32s.length); value.f32s.forEach(v => buf.f32(v)); }
    else if (typeof value === "object") { buf.u32(V.F32); buf.f32(value.f); }
    else { buf.u32(V.U32); buf.u32(value); }
}

function tensorBytes(type, dims) {
    const [blk, size] = BLOCK[type];
    if (dims[0] % blk !== 0) throw new Error(`row ${dims[0]} not a multiple of block ${blk}`);
    return dims.reduce((a, b) => a * b, 1) / blk * size;
}

/** Writes the GGUF sparse: header and tensor table, then the file is extended to its full size. */
function writeGguf(file, meta, tensors) {
    const align = 32;
    const h = new Buf();
    h.parts.push(Buffer.from("GGUF"));
    h.u32(3);
    h.u64(tensors.length);
    h.u64(Object.keys(meta).length);
    for (const [k, v] of Object.entries(meta)) kv(h, k, v);
    let offset = 0;
    for (const t of tensors) {
        h.str(t.name);
        h.u32(t.dims.length);
        t.dims.forEach(d => h.u64(d));
        h.u32(t.type);
        h.u64(offset);
        offset += Math.ceil(tensorBytes(t.type, t.dims) / align) * align;
    }
    const head = h.bytes();
    const dataStart = Math.ceil(head.length / align) * align;
    const fd = fs.openSync(file, "w");
    fs.writeSync(fd, head);
    fs.ftruncateSync(fd, dataStart + offset);
    fs.closeSync(fd);
}

// ---------------------------------------------------------------- models
/** A SentencePiece vocabulary of placeholder pieces: node-llama-cpp tokenizes while it loads. */
function spmVocab(n) {
    const tokens = ["<unk>", "<s>", "</s>"];
    for (let i = 0; i < 256; i++) tokens.push(`<0x${i.toString(16).toUpperCase().padStart(2, "0")}>`);
    for (let i = tokens.length; i < n; i++) tokens.push(`t${i}`);
    const types = tokens.map((_, i) => (i === 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1));
    return {
        "tokenizer.ggml.model": "llama",
        "tokenizer.ggml.tokens": { strs: tokens },
        "tokenizer.ggml.scores": { f32s: tokens.map(() => 0) },
        "tokenizer.ggml.token_type": types,
        "tokenizer.ggml.bos_token_id": 1,
        "tokenizer.ggml.eos_token_id": 2,
        "tokenizer.ggml.unknown_token_id": 0,
    };
}

// Floats are written { f: value } (a JS number alone cannot tell 10000.0 from 10000).
// Few layers (the compute buffer depends on the widths, not the depth) with real widths.
function model(m) {
    const { arch, embd, heads, kvHeads, hd, ff, vocab, layers, wtype, embType, outType } = m;
    const p = arch + ".";
    const meta = {
        "general.architecture": arch,
        "general.name": m.name,
        "general.alignment": 32,
        [p + "context_length"]: 32768,
        [p + "embedding_length"]: embd,
        [p + "block_count"]: layers,
        [p + "feed_forward_length"]: ff,
        [p + "attention.head_count"]: heads,
        [p + "attention.head_count_kv"]: kvHeads,
        [p + "attention.key_length"]: hd,
        [p + "attention.value_length"]: hd,
        [p + "attention.layer_norm_rms_epsilon"]: { f: 1e-6 },
        [p + "rope.dimension_count"]: hd,
        [p + "rope.freq_base"]: { f: 10000 },
        [p + "vocab_size"]: vocab,
        ...spmVocab(vocab),
        ...(m.meta ?? {}),
    };
    const t = [];
    const add = (name, dims, type = T.F32) => t.push({ name, dims, type });
    add("token_embd.weight", [embd, vocab], embType ?? wtype);
    add("output_norm.weight", [embd]);
    if (!m.tied) add("output.weight", [embd, vocab], outType ?? wtype);
    const q = heads * hd, k = kvHeads * hd;
    for (let i = 0; i < layers; i++) {
        const b = `blk.${i}.`;
        add(b + "attn_norm.weight", [embd]);
        add(b + "attn_q.weight", [embd, q], wtype);
        add(b + "attn_k.weight", [embd, k], wtype);
        add(b + "attn_v.weight", [embd, k], wtype);
        add(b + "attn_output.weight", [q, embd], wtype);
        if (m.qkvBias) { add(b + "attn_q.bias", [q]); add(b + "attn_k.bias", [k]); add(b + "attn_v.bias", [k]); }
        if (m.qkNorm) { add(b + "attn_q_norm.weight", [hd]); add(b + "attn_k_norm.weight", [hd]); }
        if (m.postNorms) { add(b + "post_attention_norm.weight", [embd]); add(b + "post_ffw_norm.weight", [embd]); }
        add(b + "ffn_norm.weight", [embd]);
        if (m.experts) {
            const e = m.experts, eff = m.expertFf;
            add(b + "ffn_gate_inp.weight", [embd, e]);
            add(b + "ffn_gate_exps.weight", [embd, eff, e], wtype);
            add(b + "ffn_up_exps.weight", [embd, eff, e], wtype);
            add(b + "ffn_down_exps.weight", [eff, embd, e], wtype);
        } else {
            add(b + "ffn_gate.weight", [embd, ff], wtype);
            add(b + "ffn_up.weight", [embd, ff], wtype);
            add(b + "ffn_down.weight", [ff, embd], wtype);
        }
    }
    return { ...m, meta, tensors: t };
}

const MODELS = [
    model({ name: "llama-q4k", arch: "llama", embd: 2048, heads: 16, kvHeads: 8, hd: 128, ff: 5632, vocab: 32000,
        layers: 4, wtype: T.Q4_K, outType: T.Q6_K }),
    model({ name: "llama-f16", arch: "llama", embd: 2048, heads: 16, kvHeads: 8, hd: 128, ff: 5632, vocab: 32000,
        layers: 4, wtype: T.F16 }),
    model({ name: "qwen2-q8", arch: "qwen2", embd: 1536, heads: 12, kvHeads: 2, hd: 128, ff: 8960, vocab: 151936,
        layers: 4, wtype: T.Q8_0, qkvBias: true, tied: true }),
    model({ name: "qwen3-q4k", arch: "qwen3", embd: 2560, heads: 32, kvHeads: 8, hd: 128, ff: 9728, vocab: 151936,
        layers: 4, wtype: T.Q4_K, outType: T.Q6_K, qkNorm: true }),
    model({ name: "gemma2-q8", arch: "gemma2", embd: 2304, heads: 8, kvHeads: 4, hd: 256, ff: 9216, vocab: 256000,
        layers: 4, wtype: T.Q8_0, tied: true, postNorms: true,
        meta: { "gemma2.attention.sliding_window": 4096, "gemma2.attn_logit_softcapping": { f: 50 },
            "gemma2.final_logit_softcapping": { f: 30 } } }),
    model({ name: "gemma3-q4k", arch: "gemma3", embd: 2560, heads: 8, kvHeads: 4, hd: 256, ff: 10240, vocab: 262144,
        layers: 6, wtype: T.Q4_K, embType: T.Q6_K, tied: true, postNorms: true, qkNorm: true,
        meta: { "gemma3.attention.sliding_window": 1024 } }),
    model({ name: "qwen3moe-q4k", arch: "qwen3moe", embd: 2048, heads: 32, kvHeads: 4, hd: 128, ff: 6144,
        vocab: 151936, layers: 2, wtype: T.Q4_K, outType: T.Q6_K, qkNorm: true, experts: 32, expertFf: 768,
        meta: { "qwen3moe.expert_count": 32, "qwen3moe.expert_used_count": 8,
            "qwen3moe.expert_feed_forward_length": 768 } }),
];

// ---------------------------------------------------------------- cases
// [model, context per sequence, ubatch, flash attention, KV type, sequences]
const FULL = [
    ["llama-q4k", 512, 512, false, "f16", 1],
    ["llama-q4k", 4096, 512, false, "f16", 1],
    ["llama-q4k", 4096, 512, true, "f16", 1],
    ["llama-q4k", 4096, 128, true, "q8_0", 1],
    ["llama-q4k", 8192, 1024, false, "f16", 1],
    ["llama-q4k", 2048, 512, false, "f16", 4],
    ["llama-q4k", 32768, 256, true, "q8_0", 1],
    ["llama-q4k", 32768, 128, true, "q8_0", 1],
    ["llama-q4k", 32768, 256, true, "f16", 1],
    ["llama-f16", 4096, 512, false, "f16", 1],
    ["llama-f16", 4096, 1024, true, "f16", 1],
    ["qwen2-q8", 512, 128, false, "f16", 1],
    ["qwen2-q8", 4096, 512, false, "f16", 1],
    ["qwen2-q8", 4096, 512, true, "q8_0", 4],
    ["qwen2-q8", 16384, 1024, true, "f16", 1],
    ["qwen3-q4k", 4096, 512, false, "f16", 1],
    ["qwen3-q4k", 4096, 512, true, "f16", 1],
    ["qwen3-q4k", 8192, 256, true, "q8_0", 4],
    ["gemma2-q8", 4096, 512, false, "f16", 1],
    ["gemma2-q8", 8192, 512, true, "f16", 1],
    ["gemma2-q8", 2048, 256, true, "q8_0", 4],
    ["gemma3-q4k", 4096, 512, false, "f16", 1],
    ["gemma3-q4k", 32768, 512, true, "f16", 1],
    ["gemma3-q4k", 8192, 1024, true, "q8_0", 1],
    ["qwen3moe-q4k", 4096, 512, false, "f16", 1],
    ["qwen3moe-q4k", 4096, 512, true, "f16", 1],
    ["qwen3moe-q4k", 16384, 1024, true, "q8_0", 1],
    ["qwen3moe-q4k", 4096, 256, true, "f16", 4],
];
const QUICK = [FULL[1], FULL[2], FULL[12], FULL[19], FULL[25]];
let cases = quick ? QUICK : FULL;
// --case MODEL,CONTEXT,UBATCH,on|off,f16|q8_0,SEQUENCES (repeatable) runs just those
const own = args.flatMap((a, i) => (a === "--case" && i + 1 < args.length ? [args[i + 1].split(",")] : []));
if (own.length > 0) cases = own.map(([m, c, u, fa, kv, n]) => [m, Number(c), Number(u), fa === "on", kv, Number(n)]);
if (only) cases = cases.filter(c => c[0] === only);

const MIB = /(\S+)\s+(model|KV|compute|output) buffer size =\s*([\d.]+) MiB/;
// on freeing the context llama.cpp logs the compute buffer again with 4 decimals
const MIB4 = /(\S+) compute buffer size is\s+([\d.]+) MiB/;
function buffers(lines) {
    const out = { weights: 0, repack: 0, kv: 0, compute: 0, output: 0 };
    let precise = 0;
    for (const l of lines.join("\n").split("\n")) {
        const p = MIB4.exec(l);
        if (p) precise += parseFloat(p[2]);
        const m = MIB.exec(l);
        if (!m) continue;
        const mib = parseFloat(m[3]);
        if (m[2] === "model") out[/REPACK|AMX/.test(m[1]) ? "repack" : "weights"] += mib;
        else if (m[2] === "KV") out.kv += mib;
        else out[m[2]] += mib;
    }
    if (precise > 0) out.compute = precise;
    return out;
}

function gpufitFigures(file, c) {
    const [, ctx, ub, fa, kvType, seqs] = c;
    const r = spawnSync(gpufit, ["estimate", file, "--engine", "llama.cpp", "--engine-opt", "backend=cpu",
        "--context", String(ctx), "--parallel", String(seqs), "--engine-opt", `n-batch=${ub}`,
        "--engine-opt", `ubatch=${ub}`, "--flash-attn", fa ? "on" : "off", "--kv-dtype", kvType,
        "--format", "json"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`gpufit failed (${r.status}): ${r.stderr}`);
    const j = JSON.parse(r.stdout);
    // activations = compute buffer + output buffer; the output buffer is named in a note
    const outNote = j.notes.find(n => n.startsWith("output buffer = "));
    const output = outNote ? Number(/= (\d+) \(/.exec(outNote)[1]) : NaN;
    const mib = b => b / 1048576;
    return {
        weights: mib(j.memory.weights_bytes),
        kv: mib(j.memory.kv_cache_bytes),
        compute: mib(j.memory.activations_bytes - output),
        output: mib(output),
    };
}

fs.mkdirSync(ggufDir, { recursive: true });
const ggufOf = name => {
    const m = MODELS.find(x => x.name === name);
    const file = path.join(ggufDir, m.name + ".gguf");
    if (!fs.existsSync(file)) writeGguf(file, m.meta, m.tensors);
    return file;
};
const replay = opt("--replay", null);
const rows = [];
if (replay) {
    // llama.cpp's figures from an earlier --format json run: only gpufit runs again
    for (const r of JSON.parse(fs.readFileSync(replay, "utf8"))) {
        const c = [r.model, r.ctx, r.nUbatch ?? r.ubatch, r.flashAttn, r.kvType, r.seqs];
        if (only && r.model !== only) continue;
        rows.push({ ...r, gpufit: gpufitFigures(ggufOf(r.model), c) });
    }
} else {
    const nlc = await import(pathToFileURL(path.resolve(nodeDir, "node_modules/node-llama-cpp/dist/index.js")).href);
    let logLines = [];
    const llama = await nlc.getLlama({
        gpu: false,
        build: "never",
        logLevel: nlc.LlamaLogLevel.debug,
        logger: (level, message) => {
            logLines.push(message);
            if (process.env.BENCH_DEBUG) process.stderr.write(message + "\n");
        },
    });
    // the addon hands log lines over asynchronously: let them arrive before reading them
    const settle = () => new Promise(r => setTimeout(r, 300));
    let loaded = null;
    for (const c of cases) {
        const file = ggufOf(c[0]);
        if (!loaded || loaded.name !== c[0]) {
            if (loaded) await loaded.model.dispose();
            logLines = [];
            const lm = await llama.loadModel({ modelPath: file, gpuLayers: 0, ignoreMemorySafetyChecks: true });
            await settle();
            loaded = { name: c[0], model: lm, buffers: buffers(logLines) };
        }
        const [, ctx, ub, fa, kvType, seqs] = c;
        logLines = [];
        const kvT = kvType === "q8_0" ? "Q8_0" : "F16";
        const context = await loaded.model.createContext({
            contextSize: ctx, sequences: seqs, batchSize: ub, flashAttention: fa,
            experimentalKvCacheKeyType: kvT, experimentalKvCacheValueType: kvT, ignoreMemorySafetyChecks: true,
        });
        await context.dispose();
        await settle();
        const ctxBuffers = buffers(logLines);
        const log = logLines.join("\n").split("\n");
        const nCtx = log.find(l => /n_ctx\s+=/.test(l))?.trim();
        // node-llama-cpp asks for batchSize + 1 on sliding-window models: gpufit gets what llama.cpp used
        const nUbatch = Number(/n_ubatch\s+=\s*(\d+)/.exec(log.find(l => /n_ubatch\s+=/.test(l)) ?? "")?.[1] ?? ub);
        const real = { ...ctxBuffers, weights: loaded.buffers.weights, repack: loaded.buffers.repack };
        const est = args.includes("--no-gpufit")
            ? { weights: NaN, kv: NaN, compute: NaN, output: NaN }
            : gpufitFigures(file, [c[0], ctx, nUbatch, fa, kvType, seqs]);
        rows.push({ model: c[0], ctx, ubatch: ub, nUbatch, flashAttn: fa, kvType, seqs, nCtx, real, gpufit: est });
    }
    if (loaded) await loaded.model.dispose();
    await llama.dispose();
}

// ---------------------------------------------------------------- report
const TERMS = ["weights", "kv", "compute", "output"];
if (json) {
    console.log(JSON.stringify(rows, null, 2));
} else {
    const pct = (g, r) => r === 0 ? (g === 0 ? "0.00" : "inf") : ((g - r) / r * 100).toFixed(2);
    console.log("| case | term | llama.cpp MiB | gpufit MiB | error % |");
    console.log("|---|---|---:|---:|---:|");
    for (const r of rows) {
        const name = `${r.model} c${r.ctx} ub${r.nUbatch ?? r.ubatch} fa-${r.flashAttn ? "on" : "off"} kv-${r.kvType} seq${r.seqs}`;
        for (const t of TERMS) {
            console.log(`| ${name} | ${t} | ${r.real[t].toFixed(2)} | ${r.gpufit[t].toFixed(2)} | ${pct(r.gpufit[t], r.real[t])} |`);
        }
        if (r.real.repack > 0) console.log(`| ${name} | repacked copy (CPU_REPACK, not estimated) | ${r.real.repack.toFixed(2)} | | |`);
    }
    const comp = rows.map(r => (r.gpufit.compute - r.real.compute) / r.real.compute * 100);
    console.log(`\ncompute: ${rows.length} cases, error from ${Math.min(...comp).toFixed(2)} % to ${Math.max(...comp).toFixed(2)} %`);
}
