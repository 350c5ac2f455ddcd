// What a realistic GPU fleet looks like: the vocabulary and proportions the generator draws from.
// Prices are per GPU-hour in cents, in the ranges public clouds charged in 2025–2026.

export type GpuType = "A100" | "H100" | "RTX4090" | "V100" | "T4";
export type Status = "running" | "stopped" | "starting" | "stopping" | "error" | "pending";
export type Region = "us-east-1" | "us-west-2" | "eu-west-1" | "ap-southeast-1";
export type Protocol = "tcp" | "udp" | "http" | "https";

export interface GpuSpec {
  /** Inclusive range of the per-GPU hourly price, in cents. */
  centsPerGpuHour: readonly [number, number];
  gpuCounts: readonly (readonly [number, number])[];
  cpuCoresPerGpu: number;
  memoryGbPerGpu: number;
  /** Which workloads usually run on it (names are built from these). */
  workloads: readonly string[];
}

const BIG = [
  "llm-pretrain",
  "llm-finetune",
  "moe-train",
  "diffusion-train",
  "video-gen",
  "rlhf-ppo",
  "llm-serve",
];
const MID = ["llm-finetune", "sdxl-train", "vision-train", "whisper-finetune", "recsys-train", "lora-sweep"];
const SMALL = ["jupyter-dev", "batch-inference", "ocr-pipeline", "tts-serve", "rag-index", "eval-harness"];

export const GPU_SPECS: Record<GpuType, GpuSpec> = {
  H100: {
    centsPerGpuHour: [200, 400],
    gpuCounts: [
      [1, 15],
      [2, 15],
      [4, 25],
      [8, 45],
    ],
    cpuCoresPerGpu: 26,
    memoryGbPerGpu: 225,
    workloads: BIG,
  },
  A100: {
    centsPerGpuHour: [110, 200],
    gpuCounts: [
      [1, 25],
      [2, 20],
      [4, 25],
      [8, 30],
    ],
    cpuCoresPerGpu: 12,
    memoryGbPerGpu: 144,
    workloads: [...BIG, ...MID],
  },
  RTX4090: {
    centsPerGpuHour: [35, 80],
    gpuCounts: [
      [1, 45],
      [2, 30],
      [4, 20],
      [8, 5],
    ],
    cpuCoresPerGpu: 12,
    memoryGbPerGpu: 62,
    workloads: [...MID, ...SMALL],
  },
  V100: {
    centsPerGpuHour: [40, 90],
    gpuCounts: [
      [1, 35],
      [2, 20],
      [4, 25],
      [8, 20],
    ],
    cpuCoresPerGpu: 8,
    memoryGbPerGpu: 61,
    workloads: [...MID, ...SMALL],
  },
  T4: {
    centsPerGpuHour: [20, 50],
    gpuCounts: [
      [1, 55],
      [2, 25],
      [4, 15],
      [8, 5],
    ],
    cpuCoresPerGpu: 4,
    memoryGbPerGpu: 16,
    workloads: SMALL,
  },
};

export const GPU_MIX: readonly (readonly [GpuType, number])[] = [
  ["A100", 28],
  ["H100", 20],
  ["RTX4090", 20],
  ["V100", 12],
  ["T4", 20],
];

// Mostly running or stopped; the transitional states are short-lived, so rarer.
export const STATUS_MIX: readonly (readonly [Status, number])[] = [
  ["running", 46],
  ["stopped", 36],
  ["error", 6],
  ["pending", 5],
  ["starting", 4],
  ["stopping", 3],
];

export const REGION_MIX: readonly (readonly [Region, number])[] = [
  ["us-east-1", 35],
  ["us-west-2", 25],
  ["eu-west-1", 25],
  ["ap-southeast-1", 15],
];

export const STORAGE_GB_MIX: readonly (readonly [number, number])[] = [
  [100, 15],
  [250, 20],
  [500, 30],
  [1000, 20],
  [2000, 10],
  [4000, 5],
];

export const DESCRIPTIONS: Record<string, readonly string[]> = {
  "llm-pretrain": [
    "Pretraining a 7B decoder on the deduplicated web corpus",
    "Continued pretraining on code",
  ],
  "llm-finetune": [
    "Fine-tuning Llama 3.1 8B on support transcripts",
    "SFT run for the contract-review assistant",
  ],
  "moe-train": ["Mixture-of-experts ablation, 8 experts top-2", "MoE router load-balancing experiments"],
  "diffusion-train": ["Training the product-photo diffusion model", "Latent diffusion upscaler, stage 2"],
  "video-gen": [
    "Text-to-video sampling for the marketing team",
    "Video diffusion fine-tune on stock footage",
  ],
  "rlhf-ppo": ["PPO against the v3 reward model", "Preference tuning with DPO on annotated pairs"],
  "llm-serve": ["Production chat endpoint behind the API gateway", "Staging replica of the assistant model"],
  "sdxl-train": ["SDXL LoRA for the brand style guide", "DreamBooth fine-tune for avatars"],
  "vision-train": ["Defect detection on the assembly-line images", "ViT-L classification baseline"],
  "whisper-finetune": [
    "Whisper large-v3 adapted to call-center audio",
    "ASR fine-tune for medical dictation",
  ],
  "recsys-train": ["Two-tower retrieval model, nightly retrain", "Ranking model with the new click features"],
  "lora-sweep": ["Hyperparameter sweep over LoRA rank and alpha", "Learning-rate sweep for the adapter runs"],
  "jupyter-dev": ["Shared notebook box for the data science team", "Scratch environment for prototyping"],
  "batch-inference": [
    "Nightly embedding backfill for the search index",
    "Offline scoring of the product catalog",
  ],
  "ocr-pipeline": ["Invoice OCR and layout extraction", "Scanned-contract text extraction"],
  "tts-serve": ["Text-to-speech for the voice assistant", "Neural TTS voices, low-latency tier"],
  "rag-index": ["Chunking and embedding the knowledge base", "Re-indexing support articles for RAG"],
  "eval-harness": ["Regression evals before each model release", "Benchmark suite on held-out tasks"],
};

export const PROJECT_NAMES = [
  "ml-research",
  "production-inference",
  "data-platform",
  "recommendations",
  "speech",
  "computer-vision",
  "sandbox",
  "customer-assistant",
  "search-ranking",
  "genai-studio",
  "fraud-detection",
  "autonomy",
  "bio-ml",
  "evals",
  "platform-infra",
] as const;

export const TEMPLATES: readonly (readonly [string, string | null])[] = [
  ["PyTorch 2.5 + CUDA 12.4", "Ubuntu 22.04, PyTorch 2.5, cuDNN 9, NCCL"],
  ["TensorFlow 2.17 + CUDA 12.3", "Ubuntu 22.04, TensorFlow 2.17 with XLA"],
  ["JAX 0.4 + CUDA 12.4", null],
  ["vLLM OpenAI-compatible server", "vLLM 0.6 serving any Hugging Face model on port 8000"],
  ["Text Generation Inference 2.4", "Hugging Face TGI with continuous batching"],
  ["Jupyter Lab (PyTorch)", "JupyterLab 4 with PyTorch and common data tools"],
  ["Stable Diffusion WebUI", "AUTOMATIC1111 WebUI with xformers"],
  ["ComfyUI", null],
  ["Axolotl fine-tuning", "Axolotl with DeepSpeed ZeRO-3 and FlashAttention 2"],
  ["Ubuntu 22.04 + CUDA 12.4", "Bare image with drivers and the CUDA toolkit"],
  ["NVIDIA Triton Inference Server", "Triton 24.10 with TensorRT-LLM backend"],
  ["Ray 2.40 cluster", "Ray head node with dashboard on port 8265"],
];

export const ACCOUNT_NAME_PARTS = {
  first: [
    "Acme",
    "Nimbus",
    "Quantum",
    "Bluefin",
    "Northwind",
    "Vector",
    "Helix",
    "Aurora",
    "Cobalt",
    "Lumen",
    "Orbital",
    "Pioneer",
    "Redwood",
    "Summit",
    "Tensor",
    "Vertex",
    "Zephyr",
    "Atlas",
    "Beacon",
    "Cascade",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbor",
    "Ion",
    "Juniper",
    "Kestrel",
    "Lattice",
    "Meridian",
    "Nova",
    "Onyx",
    "Polar",
    "Quill",
    "Raven",
    "Sierra",
    "Tidal",
    "Umbra",
    "Vireo",
    "Willow",
  ],
  second: [
    "Labs",
    "AI",
    "Robotics",
    "Analytics",
    "Systems",
    "Health",
    "Bio",
    "Studios",
    "Dynamics",
    "Research",
    "Vision",
    "Works",
    "Logistics",
    "Capital",
    "Games",
  ],
} as const;

export interface PortService {
  internalPort: number;
  protocol: Protocol;
  description: string | null;
}

export const PORT_SERVICES: readonly PortService[] = [
  { internalPort: 8888, protocol: "https", description: "Jupyter Lab" },
  { internalPort: 6006, protocol: "http", description: "TensorBoard" },
  { internalPort: 8000, protocol: "https", description: "OpenAI-compatible API" },
  { internalPort: 7860, protocol: "http", description: "Gradio demo" },
  { internalPort: 3000, protocol: "http", description: "Grafana" },
  { internalPort: 8265, protocol: "http", description: "Ray dashboard" },
  { internalPort: 50051, protocol: "tcp", description: "gRPC inference" },
  { internalPort: 29500, protocol: "tcp", description: "torch.distributed rendezvous" },
  { internalPort: 6379, protocol: "tcp", description: null },
  { internalPort: 5432, protocol: "tcp", description: "PostgreSQL" },
  { internalPort: 51820, protocol: "udp", description: "WireGuard" },
  { internalPort: 60001, protocol: "udp", description: null },
];

export const SSH_USERS: readonly (readonly [string, number])[] = [
  ["ubuntu", 60],
  ["root", 25],
  ["fleet", 15],
];

/** Public DNS zone of the (fictional) cloud; `.example.net` is reserved for documentation. */
export const CLOUD_DOMAIN = "fleet.example.net";
