// The cluster recipes for sweeps: the SLURM job array script run as four array tasks (the environment SLURM gives
// them), merged, equals a single run; the Kubernetes Indexed Job shards by JOB_COMPLETION_INDEX over as many shards
// as it has completions; the Dockerfile copies what exists and starts the CLI. (Docker, SLURM and Kubernetes are
// not on this machine: the script is run with bash, the manifests are read.)
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const repo = new URL('../../', import.meta.url).pathname;
const GRID = ['intx-shared-line', '--vary', 'devices[0].intxMasking=line,device', '--vary', 'devices[1].rate=1k..100k:2log', '--until', '2ms', '--metric', 'latencyNs.p50'];

describe('cluster recipes for virq sweep', () => {
  it('deploy/slurm/sweep.sbatch as four array tasks, then merge, gives the single run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'virq-slurm-'));
    const task = (i: number) => new Promise<number | null>((resolve) => {
      const p = spawn('bash', [join(repo, 'deploy/slurm/sweep.sbatch'), ...GRID], {
        cwd: repo,
        env: { ...process.env, SLURM_ARRAY_TASK_ID: String(10 + i), SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_COUNT: '4',
          SLURM_ARRAY_JOB_ID: '42', SLURM_CPUS_PER_TASK: '1', VIRQ_SWEEP_DIR: dir, VIRQ: `${process.execPath} bin/virq.js` },
      });
      p.on('close', resolve);
    });
    expect(await Promise.all([0, 1, 2, 3].map(task))).toEqual([0, 0, 0, 0]);
    const bin = join(repo, 'bin/virq.js');
    const merged = spawnSync(process.execPath, [bin, 'sweep', 'merge', ...[0, 1, 2, 3].map((i) => join(dir, `shard-${i}.csv`))], { encoding: 'utf8' });
    const single = spawnSync(process.execPath, [bin, 'sweep', ...GRID, '--jobs', '1'], { encoding: 'utf8' });
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(single.stdout);
  }, 120_000);

  it('deploy/k8s/sweep-job.yaml is an Indexed Job whose pods shard by JOB_COMPLETION_INDEX over its completions', () => {
    const docs = parseAllDocuments(readFileSync(join(repo, 'deploy/k8s/sweep-job.yaml'), 'utf8')).map((d) => d.toJS());
    const job = docs.find((d) => d.kind === 'Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const args: string = job.spec.template.spec.containers[0].args.join(' ');
    expect(args).toContain(`--shard "\${JOB_COMPLETION_INDEX}/${job.spec.completions}"`);
    expect(args).toContain('--out "/results/shard-${JOB_COMPLETION_INDEX}.csv"');
    const claim = job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName;
    expect(docs.some((d) => d.kind === 'PersistentVolumeClaim' && d.metadata.name === claim)).toBe(true);
  });

  it('the Dockerfile copies what the repository has and starts the CLI', () => {
    const text = readFileSync(join(repo, 'Dockerfile'), 'utf8');
    for (const m of text.matchAll(/^COPY (.+) \S+$/gm)) for (const f of m[1]!.split(' ')) expect(existsSync(join(repo, f)), f).toBe(true);
    expect(text).toMatch(/ENTRYPOINT \["node", "bin\/virq.js"\]/);
  });
});
