// The About box's text: the app's name, version and purpose, the runtime versions (what a bug report needs) and the
// licence. A plain function; index.ts shows it with dialog.showMessageBox.
export interface AboutInfo {
  version: string;
  electron?: string;
  chrome?: string;
  node: string;
  platform: string;
  arch: string;
}

export function aboutBox(info: AboutInfo): { type: 'info'; title: string; message: string; detail: string; buttons: string[] } {
  const runtime = [
    info.electron ? `Electron ${info.electron}` : null,
    info.chrome ? `Chromium ${info.chrome}` : null,
    `Node ${info.node}`,
    `${info.platform} ${info.arch}`,
  ].filter(Boolean).join(' · ');
  return {
    type: 'info',
    title: 'About vIRQ Lab',
    message: `vIRQ Lab ${info.version}`,
    detail: [
      'A deterministic simulator of interrupt paths through a virtualization host: genirq, VFIO, KVM, GVT-g and the GIC, hop by hop.',
      '',
      runtime,
      '',
      'MIT licence. The same lab runs in a browser (npm run preview:web) and on the command line (virq).',
    ].join('\n'),
    buttons: ['OK'],
  };
}
