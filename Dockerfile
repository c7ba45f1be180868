# The vIRQ Lab command line (`virq`) in a container, for running sweeps on a cluster (deploy/k8s/sweep-job.yaml).
# The desktop app is not in it: no Electron, no browser.
#   docker build -t virq-lab .
#   docker run --rm virq-lab sweep msi-emulated --vary 'vms[0].delivery=emulated,posted' --seeds 3
FROM node:20-bookworm-slim
WORKDIR /app
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts
COPY bin ./bin
COPY src ./src
COPY resources ./resources
COPY tsconfig.base.json tsconfig.json ./
USER node
ENTRYPOINT ["node", "bin/virq.js"]
CMD ["help"]
