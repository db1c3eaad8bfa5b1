/**
 * The guest kernel: a few hundred lines of StackLab assembly that boot, probe for
 * virtio devices, drive either the register-level devices or virtio, and run one of
 * four workloads. The same bytes run under every execution mode; only the machine it
 * boots on (legacy devices or virtio devices) changes which driver path it takes, the
 * way one Linux kernel carries both an IDE and a virtio-blk driver. The drivers are in
 * `drivers.ts`; this file has the memory map, boot, traps and the workloads.
 *
 * ```
 *   guest RAM map
 *   0x0000  JMP boot                   0x8000  virtio-blk queue (32): desc, avail 0x8200, used 0x8300
 *   0x0040  vector table (32 words)    0x8800  virtio-net tx queue (32): desc, avail 0x8a00, used 0x8b00
 *   0x00c0  kernel code                0x9000  blk request headers (16 B each), 0x9200 status bytes
 *   0x4000  PARAMS (written by host)   0x9400  virtio_net_hdr (16 B stride, all zero)
 *   0x4040  RESULT (read by host)      0xa000  disk buffer (batch × 512 B)
 *   0x4080  driver state               0xc000  packet buffers (batch × 256 B)
 *                                      0xfff0  top of the stack
 *
 *   PARAMS  +0 workload (0 compute, 1 disk, 2 net, 3 mixed) +4 iterations +8 sectors
 *           +12 packets +16 packet bytes +20 batch
 *   RESULT  +0 hash +4 disk checksum +8 packets sent +12 interrupts taken
 *           +16 disk errors +20 fault (vector + 1, 0 = none)
 *   at HLT: r0 = hash, r1 = disk checksum, r2 = packets sent, r3 = errors, r4–r7 = 0
 * ```
 *
 * @example Assemble it
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { KERNEL_SOURCE } from "@virt/guest/kernel.ts";
 * const program = assemble(KERNEL_SOURCE);
 * assert.equal(program.symbols.get("vectors"), 0x40);
 * ```
 *
 * @module
 */

import { DRIVERS_SOURCE } from "./drivers.ts";

/**
 * The kernel's assembly source.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KERNEL_SOURCE } from "@virt/guest/kernel.ts";
 * assert.match(KERNEL_SOURCE, /virtio_init:/);
 * ```
 */
export const KERNEL_SOURCE = `
; ---- constants ---------------------------------------------------------------
.equ PARAMS, 0x4000
.equ P_WORKLOAD, 0
.equ P_ITERATIONS, 4
.equ P_SECTORS, 8
.equ P_PACKETS, 12
.equ P_BYTES, 16
.equ P_BATCH, 20
.equ RESULT, 0x4040
.equ R_HASH, 0
.equ R_DISKSUM, 4
.equ R_PACKETS, 8
.equ R_IRQS, 12
.equ R_ERRORS, 16
.equ R_FAULT, 20
; queue blocks (QB_*): what vq_submit needs to know about one virtqueue
.equ QB_BASE, 0
.equ QB_INDEX, 4
.equ QB_AVAIL, 8
.equ QB_USED, 12
.equ QB_EVTIDX, 16
.equ QB_SHADOW, 20
.equ QB_STRIDE, 24
.equ QB_PRESENT, 28
.equ BLK_QB, 0x4080
.equ NET_QB, 0x40c0
.equ BLK_MMIO, 0x10000
.equ NET_MMIO, 0x11000
.equ BLK_DESC, 0x8000
.equ BLK_AVAIL, 0x8200
.equ BLK_USED, 0x8300
.equ NET_DESC, 0x8800
.equ NET_AVAIL, 0x8a00
.equ NET_USED, 0x8b00
.equ QSIZE, 32
.equ BLK_HDRS, 0x9000
.equ BLK_STATUS, 0x9200
.equ NET_HDRS, 0x9400
.equ DISKBUF, 0xa000
.equ PKTBUF, 0xc000
.equ STACK_TOP, 0xfff0
; legacy devices
.equ ATA_DATA, 0x1f0
.equ ATA_COUNT, 0x1f2
.equ ATA_LBA, 0x1f3
.equ ATA_CMD, 0x1f7
.equ NIC_CMD, 0x300
.equ NIC_LEN, 0x304
.equ NIC_DATA, 0x310

; ---- reset vector and vector table --------------------------------------------
        JMP boot
.org 0x40
vectors:
        .word fault, fault, fault, fault, 0, 0, 0, 0
        .word 0, 0, 0, 0, 0, 0, 0, 0
        .word 0, isr_blk, isr_net, 0, 0, 0, 0, 0
        .word 0, 0, 0, 0, 0, 0, 0, 0

; ---- boot ----------------------------------------------------------------------
boot:
        LI32 sp, STACK_TOP
        LI r0, vectors
        MOVCR cr0, r0
        MOVCR cr1, sp
        ; probe virtio-blk (queue 0) and virtio-net (transmit queue 1)
        LI32 r1, BLK_MMIO
        LI r2, 0
        LI32 r3, BLK_DESC
        LI r7, BLK_QB
        CALL virtio_init
        LI32 r1, NET_MMIO
        LI r2, 1
        LI32 r3, NET_DESC
        LI r7, NET_QB
        CALL virtio_init
        STI
        LI r7, PARAMS
        LD r0, [r7+P_WORKLOAD]
        CMPI r0, 0
        JNE not_compute
        CALL compute
        JMP finish
not_compute:
        CMPI r0, 1
        JNE not_disk
        CALL disk_workload
        JMP finish
not_disk:
        CMPI r0, 2
        JNE not_net
        CALL net_workload
        JMP finish
not_net:
        CALL compute
        CALL disk_workload
        CALL net_workload
finish:
        CLI
        LI r7, RESULT
        LD r0, [r7+R_HASH]
        LD r1, [r7+R_DISKSUM]
        LD r2, [r7+R_PACKETS]
        LD r3, [r7+R_ERRORS]
        LI r4, 0
        LI r5, 0
        LI r6, 0
        LI r7, 0
        HLT
        JMP finish

; ---- traps and interrupts ------------------------------------------------------
fault:                          ; record the vector and stop
        MOVCR r0, cr2
        ADDI r0, 1
        LI r1, RESULT
        ST r0, [r1+R_FAULT]
        CLI
fault_stop:
        HLT
        JMP fault_stop
isr_blk:
        PUSH r0
        PUSH r1
        LI32 r1, BLK_MMIO
        JMP isr_common
isr_net:
        PUSH r0
        PUSH r1
        LI32 r1, NET_MMIO
isr_common:
        LD r0, [r1+0x60]        ; InterruptStatus
        ST r0, [r1+0x64]        ; InterruptACK
        LI r1, RESULT
        LD r0, [r1+R_IRQS]
        ADDI r0, 1
        ST r0, [r1+R_IRQS]
        POP r1
        POP r0
        IRET

; ---- compute: a multiply-xor-rotate hash, PARAMS.iterations rounds -------------
compute:
        LI r7, PARAMS
        LD r3, [r7+P_ITERATIONS]
        LI r1, 1
        LI r2, 0
        CMPI r3, 0
        JEQ compute_done
compute_loop:
        MULI r1, 1103
        ADDI r1, 12345
        XOR r2, r1
        MOV r4, r2
        SHRI r4, 31
        SHLI r2, 1
        OR r2, r4
        ADDI r3, -1
        CMPI r3, 0
        JNE compute_loop
compute_done:
        LI r7, RESULT
        ST r2, [r7+R_HASH]
        RET

; ---- disk workload: write PARAMS.sectors sectors in batches, read them back, checksum
disk_workload:
        LI r6, 0                ; lba
dw_write_batch:
        LI r7, PARAMS
        LD r0, [r7+P_SECTORS]
        CMP r6, r0
        JGE dw_read_start
        CALL batch_count        ; r2 = n
        ; fill n sectors: word k of the disk = k * 31337 + 0x1234
        MOV r3, r6
        SHLI r3, 7              ; first word index = lba * 128
        LI32 r4, DISKBUF
        MOV r5, r2
        SHLI r5, 7
dw_fill:
        MOV r0, r3
        MULI r0, 31337
        ADDI r0, 0x1234
        ST r0, [r4+0]
        ADDI r3, 1
        ADDI r4, 4
        ADDI r5, -1
        CMPI r5, 0
        JNE dw_fill
        MOV r1, r6
        LI r3, 1                ; write
        PUSH r6
        PUSH r2
        CALL disk_io
        POP r2
        POP r6
        ADD r6, r2
        JMP dw_write_batch
dw_read_start:
        LI r6, 0
dw_read_batch:
        LI r7, PARAMS
        LD r0, [r7+P_SECTORS]
        CMP r6, r0
        JGE dw_done
        CALL batch_count
        MOV r1, r6
        LI r3, 0                ; read
        PUSH r6
        PUSH r2
        CALL disk_io
        POP r2
        POP r6
        ; checksum = checksum * 31 + word, over the batch
        LI r7, RESULT
        LD r1, [r7+R_DISKSUM]
        LI32 r4, DISKBUF
        MOV r5, r2
        SHLI r5, 7
dw_sum:
        LD r0, [r4+0]
        MULI r1, 31
        ADD r1, r0
        ADDI r4, 4
        ADDI r5, -1
        CMPI r5, 0
        JNE dw_sum
        ST r1, [r7+R_DISKSUM]
        ADD r6, r2
        JMP dw_read_batch
dw_done:
        RET

; batch_count: r6 = done so far, r0 = total -> r2 = min(batch, total - done)
batch_count:
        MOV r2, r0
        SUB r2, r6
        LD r0, [r7+P_BATCH]
        CMP r2, r0
        JLE batch_count_done
        MOV r2, r0
batch_count_done:
        RET

; ---- net workload: PARAMS.packets frames of PARAMS.bytes bytes, in batches -----
net_workload:
        LI r6, 0                ; packets sent
nw_batch:
        LI r7, PARAMS
        LD r0, [r7+P_PACKETS]
        CMP r6, r0
        JGE nw_done
        CALL batch_count        ; r2 = n
        ; build frame i of the batch at PKTBUF + 256 i: word k = (packet << 16) + k * 7
        LI r1, 0                ; i
nw_build:
        LI32 r4, PKTBUF
        MOV r0, r1
        SHLI r0, 8
        ADD r4, r0
        MOV r3, r6
        ADD r3, r1
        SHLI r3, 16             ; packet number << 16
        LI r5, 64               ; 64 words = 256 bytes
nw_word:
        ST r3, [r4+0]
        ADDI r3, 7
        ADDI r4, 4
        ADDI r5, -1
        CMPI r5, 0
        JNE nw_word
        ADDI r1, 1
        CMP r1, r2
        JLT nw_build
        PUSH r6
        PUSH r2
        CALL net_send
        POP r2
        POP r6
        ADD r6, r2
        LI r7, RESULT
        ST r6, [r7+R_PACKETS]
        JMP nw_batch
nw_done:
        RET

${DRIVERS_SOURCE}
.data
.org PARAMS
params:  .word 0, 0, 0, 0, 0, 1
.org RESULT
result:  .zero 32
.org BLK_QB
blk_qb:  .word 0, 0, 0, 0, 0, 0, 3, 0
.org NET_QB
net_qb:  .word 0, 0, 0, 0, 0, 0, 2, 0
`;
