# StackLab single-user image for JupyterHub (Zero to JupyterHub: singleuser.image).
#
#   docker build -t registry.example.edu/stacklab:2026.11 .
#
# Base: Debian 12, because it is exactly the stack StackLab is tested with (classic
# Notebook 6.4.12, nbconvert 6.5, nbclient 0.7 — README "Known limitations"), and Debian
# packages JupyterHub 3.0, whose `jupyterhub-singleuser` can wrap that classic server
# (JUPYTERHUB_SINGLEUSER_APP below). The jupyter/docker-stacks images ship JupyterLab 4 /
# Notebook 7, which this course does not test. Pin the base by digest for a term.
#
# The course lives in /opt/stacklab (a hub's home volume would hide anything the image
# put in /home); the kernelspec is system-wide in /usr/local/share/jupyter/kernels; the
# start hook (binder/stacklab-start) gives each learner ~/stacklab/notebooks/ on start.
# binder/postBuild does the install, the same script Binder runs; tests/postbuild_test.ts
# runs it (and the start hook) on a test machine, since no container engine runs there.
FROM debian:12.11-slim

ARG NB_USER=jovyan
ARG NB_UID=1000

ENV DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8 \
    LC_ALL=C.UTF-8 \
    JUPYTERHUB_SINGLEUSER_APP=notebook.notebookapp.NotebookApp \
    DENO_DIR=/opt/stacklab/.cache/deno \
    NO_UPDATE_NOTIFIER=1

# OS packages: Jupyter (classic Notebook, nbconvert, nbclient), jupyterhub-singleuser,
# Node.js/npm (to fetch the pinned Deno), plus binder/apt.txt (fonts, nbclient).
COPY binder/apt.txt /tmp/apt.txt
RUN apt-get update \
 && apt-get install --yes --no-install-recommends \
      ca-certificates tini nodejs npm \
      jupyter-notebook jupyter-nbconvert jupyterhub \
      $(sed -e 's/#.*//' /tmp/apt.txt) \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /tmp/apt.txt

RUN useradd --create-home --uid "${NB_UID}" --shell /bin/bash "${NB_USER}"

# The course (a checkout's build/ and node_modules/ are dropped; a .dockerignore listing
# them keeps them out of the build context too), and the install Binder runs: pinned Deno from npm (global prefix
# /usr/local as root), npm dependencies cached in node_modules/, the kernelspec in
# /usr/local/share/jupyter/kernels/stacklab.
COPY --chown=${NB_UID}:${NB_UID} . /opt/stacklab
RUN rm -rf /opt/stacklab/build /opt/stacklab/node_modules \
 && KERNEL_PREFIX=/usr/local /opt/stacklab/binder/postBuild \
 && chown -R "${NB_UID}:${NB_UID}" /opt/stacklab \
 && npm cache clean --force

USER ${NB_UID}
WORKDIR /home/${NB_USER}
EXPOSE 8888
ENTRYPOINT ["tini", "--", "/opt/stacklab/binder/stacklab-start"]
CMD ["jupyterhub-singleuser"]
