# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the benchmarks: bench_build DIR sets up DIR as a release build with link-time
# optimization when it is not one yet, brings it up to date, and sets exe to its dayafter.
# Expects root, the source tree.
bench_build() {
    if [ ! -f "$1/build.ninja" ]; then
        meson setup "$1" "$root" --buildtype=release -Db_lto=true -Dtests=false >/dev/null
    fi
    ninja -C "$1" >/dev/null
    exe=$1/dayafter
}
