#define rand	pan_rand
#define pthread_equal(a,b)	((a)==(b))
#if defined(HAS_CODE) && defined(VERBOSE)
	#ifdef BFS_PAR
		bfs_printf("Pr: %d Tr: %d\n", II, t->forw);
	#else
		cpu_printf("Pr: %d Tr: %d\n", II, t->forw);
	#endif
#endif
	switch (t->forw) {
	default: Uerror("bad forward move");
	case 0:	/* if without executable clauses */
		continue;
	case 1: /* generic 'goto' or 'skip' */
		IfNotBlocked
		_m = 3; goto P999;
	case 2: /* generic 'else' */
		IfNotBlocked
		if (trpt->o_pm&1) continue;
		_m = 3; goto P999;

		 /* CLAIM takeover */
	case 3: // STATE 1 - _spin_nvr.tmp:3 - [((!(!((((owner!=0)&&dead[owner])&&(waiting>0))))&&!(!(((owner!=0)&&dead[owner])))))] (0:0:0 - 1)
		
#if defined(VERI) && !defined(NP)
#if NCLAIMS>1
		{	static int reported1 = 0;
			if (verbose && !reported1)
			{	int nn = (int) ((Pclaim *)pptr(0))->_n;
				printf("depth %ld: Claim %s (%d), state %d (line %d)\n",
					depth, procname[spin_c_typ[nn]], nn, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported1 = 1;
				fflush(stdout);
		}	}
#else
		{	static int reported1 = 0;
			if (verbose && !reported1)
			{	printf("depth %d: Claim, state %d (line %d)\n",
					(int) depth, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported1 = 1;
				fflush(stdout);
		}	}
#endif
#endif
		reached[3][1] = 1;
		if (!(( !( !((((((int)now.owner)!=0)&&((int)now.dead[ Index(((int)now.owner), 3) ]))&&(((int)now.waiting)>0))))&& !( !(((((int)now.owner)!=0)&&((int)now.dead[ Index(((int)now.owner), 3) ])))))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 4: // STATE 8 - _spin_nvr.tmp:8 - [(!(!(((owner!=0)&&dead[owner]))))] (0:0:0 - 1)
		
#if defined(VERI) && !defined(NP)
#if NCLAIMS>1
		{	static int reported8 = 0;
			if (verbose && !reported8)
			{	int nn = (int) ((Pclaim *)pptr(0))->_n;
				printf("depth %ld: Claim %s (%d), state %d (line %d)\n",
					depth, procname[spin_c_typ[nn]], nn, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported8 = 1;
				fflush(stdout);
		}	}
#else
		{	static int reported8 = 0;
			if (verbose && !reported8)
			{	printf("depth %d: Claim, state %d (line %d)\n",
					(int) depth, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported8 = 1;
				fflush(stdout);
		}	}
#endif
#endif
		reached[3][8] = 1;
		if (!( !( !(((((int)now.owner)!=0)&&((int)now.dead[ Index(((int)now.owner), 3) ]))))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 5: // STATE 13 - _spin_nvr.tmp:10 - [-end-] (0:0:0 - 1)
		
#if defined(VERI) && !defined(NP)
#if NCLAIMS>1
		{	static int reported13 = 0;
			if (verbose && !reported13)
			{	int nn = (int) ((Pclaim *)pptr(0))->_n;
				printf("depth %ld: Claim %s (%d), state %d (line %d)\n",
					depth, procname[spin_c_typ[nn]], nn, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported13 = 1;
				fflush(stdout);
		}	}
#else
		{	static int reported13 = 0;
			if (verbose && !reported13)
			{	printf("depth %d: Claim, state %d (line %d)\n",
					(int) depth, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported13 = 1;
				fflush(stdout);
		}	}
#endif
#endif
		reached[3][13] = 1;
		if (!delproc(1, II)) continue;
		_m = 3; goto P999; /* 0 */

		 /* PROC :init: */
	case 6: // STATE 1 - protocol.pml:180 - [pubidx[0] = 0] (0:0:1 - 1)
		IfNotBlocked
		reached[2][1] = 1;
		(trpt+1)->bup.oval = ((int)now.pubidx[0]);
		now.pubidx[0] = 0;
#ifdef VAR_RANGES
		logval("pubidx[0]", ((int)now.pubidx[0]));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 7: // STATE 2 - protocol.pml:181 - [i = 1] (0:0:1 - 1)
		IfNotBlocked
		reached[2][2] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->i);
		((P2 *)_this)->i = 1;
#ifdef VAR_RANGES
		logval(":init::i", ((int)((P2 *)_this)->i));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 8: // STATE 3 - protocol.pml:181 - [((i<=((1+(2*1))-1)))] (0:0:0 - 1)
		IfNotBlocked
		reached[2][3] = 1;
		if (!((((int)((P2 *)_this)->i)<=((1+(2*1))-1))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 9: // STATE 4 - protocol.pml:182 - [pubidx[i] = 255] (0:0:1 - 1)
		IfNotBlocked
		reached[2][4] = 1;
		(trpt+1)->bup.oval = ((int)now.pubidx[ Index(((int)((P2 *)_this)->i), 3) ]);
		now.pubidx[ Index(((P2 *)_this)->i, 3) ] = 255;
#ifdef VAR_RANGES
		logval("pubidx[:init::i]", ((int)now.pubidx[ Index(((int)((P2 *)_this)->i), 3) ]));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 10: // STATE 5 - protocol.pml:181 - [i = (i+1)] (0:0:1 - 1)
		IfNotBlocked
		reached[2][5] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->i);
		((P2 *)_this)->i = (((int)((P2 *)_this)->i)+1);
#ifdef VAR_RANGES
		logval(":init::i", ((int)((P2 *)_this)->i));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 11: // STATE 11 - protocol.pml:185 - [i = 1] (0:0:1 - 1)
		IfNotBlocked
		reached[2][11] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->i);
		((P2 *)_this)->i = 1;
#ifdef VAR_RANGES
		logval(":init::i", ((int)((P2 *)_this)->i));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 12: // STATE 12 - protocol.pml:185 - [((i<=2))] (0:0:0 - 1)
		IfNotBlocked
		reached[2][12] = 1;
		if (!((((int)((P2 *)_this)->i)<=2)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 13: // STATE 13 - protocol.pml:186 - [(run writer(i))] (0:0:0 - 1)
		IfNotBlocked
		reached[2][13] = 1;
		if (!(addproc(II, 1, 0, ((int)((P2 *)_this)->i))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 14: // STATE 14 - protocol.pml:185 - [i = (i+1)] (0:0:1 - 1)
		IfNotBlocked
		reached[2][14] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->i);
		((P2 *)_this)->i = (((int)((P2 *)_this)->i)+1);
#ifdef VAR_RANGES
		logval(":init::i", ((int)((P2 *)_this)->i));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 15: // STATE 20 - protocol.pml:188 - [i = 1] (0:26:1 - 3)
		IfNotBlocked
		reached[2][20] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->i);
		((P2 *)_this)->i = 1;
#ifdef VAR_RANGES
		logval(":init::i", ((int)((P2 *)_this)->i));
#endif
		;
		/* merge: .(goto)(0, 27, 26) */
		reached[2][27] = 1;
		;
		_m = 3; goto P999; /* 1 */
	case 16: // STATE 21 - protocol.pml:188 - [((i<=2))] (0:0:0 - 1)
		IfNotBlocked
		reached[2][21] = 1;
		if (!((((int)((P2 *)_this)->i)<=2)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 17: // STATE 22 - protocol.pml:189 - [(run reader())] (0:0:0 - 1)
		IfNotBlocked
		reached[2][22] = 1;
		if (!(addproc(II, 1, 1, 0)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 18: // STATE 23 - protocol.pml:188 - [i = (i+1)] (0:0:1 - 1)
		IfNotBlocked
		reached[2][23] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->i);
		((P2 *)_this)->i = (((int)((P2 *)_this)->i)+1);
#ifdef VAR_RANGES
		logval(":init::i", ((int)((P2 *)_this)->i));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 19: // STATE 30 - protocol.pml:192 - [((running==0))] (0:0:0 - 1)
		IfNotBlocked
		reached[2][30] = 1;
		if (!((((int)now.running)==0)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 20: // STATE 31 - protocol.pml:134 - [g = 0] (0:39:6 - 1)
		IfNotBlocked
		reached[2][31] = 1;
		(trpt+1)->bup.ovals = grab_ints(6);
		(trpt+1)->bup.ovals[0] = ((int)((P2 *)_this)->_3_6_g);
		((P2 *)_this)->_3_6_g = 0;
#ifdef VAR_RANGES
		logval(":init::g", ((int)((P2 *)_this)->_3_6_g));
#endif
		;
		/* merge: sl = 0(39, 32, 39) */
		reached[2][32] = 1;
		(trpt+1)->bup.ovals[1] = ((int)((P2 *)_this)->_3_6_sl);
		((P2 *)_this)->_3_6_sl = 0;
#ifdef VAR_RANGES
		logval(":init::sl", ((int)((P2 *)_this)->_3_6_sl));
#endif
		;
		/* merge: q = 0(39, 33, 39) */
		reached[2][33] = 1;
		(trpt+1)->bup.ovals[2] = ((int)((P2 *)_this)->_3_6_q);
		((P2 *)_this)->_3_6_q = 0;
#ifdef VAR_RANGES
		logval(":init::q", ((int)((P2 *)_this)->_3_6_q));
#endif
		;
		/* merge: l = 0(39, 34, 39) */
		reached[2][34] = 1;
		(trpt+1)->bup.ovals[3] = ((int)((P2 *)_this)->_3_6_l);
		((P2 *)_this)->_3_6_l = 0;
#ifdef VAR_RANGES
		logval(":init::l", ((int)((P2 *)_this)->_3_6_l));
#endif
		;
		/* merge: r0 = 0(39, 35, 39) */
		reached[2][35] = 1;
		(trpt+1)->bup.ovals[4] = ((int)((P2 *)_this)->_3_6_r0);
		((P2 *)_this)->_3_6_r0 = 0;
#ifdef VAR_RANGES
		logval(":init::r0", ((int)((P2 *)_this)->_3_6_r0));
#endif
		;
		/* merge: r1 = 0(39, 36, 39) */
		reached[2][36] = 1;
		(trpt+1)->bup.ovals[5] = ((int)((P2 *)_this)->_3_6_r1);
		((P2 *)_this)->_3_6_r1 = 0;
#ifdef VAR_RANGES
		logval(":init::r1", ((int)((P2 *)_this)->_3_6_r1));
#endif
		;
		_m = 3; goto P999; /* 5 */
	case 21: // STATE 37 - protocol.pml:137 - [g = gen] (0:40:2 - 1)
		IfNotBlocked
		reached[2][37] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)((P2 *)_this)->_3_6_g);
		((P2 *)_this)->_3_6_g = ((int)now.gen);
#ifdef VAR_RANGES
		logval(":init::g", ((int)((P2 *)_this)->_3_6_g));
#endif
		;
		/* merge: sl = (g%2)(40, 38, 40) */
		reached[2][38] = 1;
		(trpt+1)->bup.ovals[1] = ((int)((P2 *)_this)->_3_6_sl);
		((P2 *)_this)->_3_6_sl = (((int)((P2 *)_this)->_3_6_g)%2);
#ifdef VAR_RANGES
		logval(":init::sl", ((int)((P2 *)_this)->_3_6_sl));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 22: // STATE 40 - protocol.pml:139 - [q = seq[sl]] (0:0:1 - 1)
		IfNotBlocked
		reached[2][40] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->_3_6_q);
		((P2 *)_this)->_3_6_q = ((int)now.seq[ Index(((int)((P2 *)_this)->_3_6_sl), 2) ]);
#ifdef VAR_RANGES
		logval(":init::q", ((int)((P2 *)_this)->_3_6_q));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 23: // STATE 41 - protocol.pml:143 - [((gen!=g))] (0:0:1 - 1)
		IfNotBlocked
		reached[2][41] = 1;
		if (!((((int)now.gen)!=((int)((P2 *)_this)->_3_6_g))))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: _3_6_g */  (trpt+1)->bup.oval = ((P2 *)_this)->_3_6_g;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P2 *)_this)->_3_6_g = 0;
		_m = 3; goto P999; /* 0 */
	case 24: // STATE 46 - protocol.pml:148 - [l = slen[sl]] (0:0:1 - 2)
		IfNotBlocked
		reached[2][46] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->_3_6_l);
		((P2 *)_this)->_3_6_l = ((int)now.slen[ Index(((int)((P2 *)_this)->_3_6_sl), 2) ]);
#ifdef VAR_RANGES
		logval(":init::l", ((int)((P2 *)_this)->_3_6_l));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 25: // STATE 47 - protocol.pml:151 - [(((q%2)==1))] (0:0:1 - 1)
		IfNotBlocked
		reached[2][47] = 1;
		if (!(((((int)((P2 *)_this)->_3_6_q)%2)==1)))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: _3_6_q */  (trpt+1)->bup.oval = ((P2 *)_this)->_3_6_q;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P2 *)_this)->_3_6_q = 0;
		_m = 3; goto P999; /* 0 */
	case 26: // STATE 52 - protocol.pml:155 - [r0 = d0[sl]] (0:0:1 - 2)
		IfNotBlocked
		reached[2][52] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->_3_6_r0);
		((P2 *)_this)->_3_6_r0 = ((int)now.d0[ Index(((int)((P2 *)_this)->_3_6_sl), 2) ]);
#ifdef VAR_RANGES
		logval(":init::r0", ((int)((P2 *)_this)->_3_6_r0));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 27: // STATE 53 - protocol.pml:156 - [r1 = d1[sl]] (0:0:1 - 1)
		IfNotBlocked
		reached[2][53] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->_3_6_r1);
		((P2 *)_this)->_3_6_r1 = ((int)now.d1[ Index(((int)((P2 *)_this)->_3_6_sl), 2) ]);
#ifdef VAR_RANGES
		logval(":init::r1", ((int)((P2 *)_this)->_3_6_r1));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 28: // STATE 54 - protocol.pml:160 - [((seq[sl]!=q))] (0:0:2 - 1)
		IfNotBlocked
		reached[2][54] = 1;
		if (!((((int)now.seq[ Index(((int)((P2 *)_this)->_3_6_sl), 2) ])!=((int)((P2 *)_this)->_3_6_q))))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: _3_6_sl */  (trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((P2 *)_this)->_3_6_sl;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P2 *)_this)->_3_6_sl = 0;
		if (TstOnly) return 1; /* TT */
		/* dead 1: _3_6_q */  (trpt+1)->bup.ovals[1] = ((P2 *)_this)->_3_6_q;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P2 *)_this)->_3_6_q = 0;
		_m = 3; goto P999; /* 0 */
	case 29: // STATE 59 - protocol.pml:164 - [assert(((l==r0)&&(r0==r1)))] (0:60:0 - 2)
		IfNotBlocked
		reached[2][59] = 1;
		spin_assert(((((int)((P2 *)_this)->_3_6_l)==((int)((P2 *)_this)->_3_6_r0))&&(((int)((P2 *)_this)->_3_6_r0)==((int)((P2 *)_this)->_3_6_r1))), "((l==r0)&&(r0==r1))", II, tt, t);
		_m = 3; goto P999; /* 0 */
	case 30: // STATE 60 - protocol.pml:165 - [assert(((pubidx[l]!=255)&&(pubidx[l]>=g)))] (0:0:0 - 1)
		IfNotBlocked
		reached[2][60] = 1;
		spin_assert(((((int)now.pubidx[ Index(((int)((P2 *)_this)->_3_6_l), 3) ])!=255)&&(((int)now.pubidx[ Index(((int)((P2 *)_this)->_3_6_l), 3) ])>=((int)((P2 *)_this)->_3_6_g))), "((pubidx[l]!=255)&&(pubidx[l]>=g))", II, tt, t);
		_m = 3; goto P999; /* 0 */
	case 31: // STATE 61 - protocol.pml:166 - [r = l] (0:0:1 - 1)
		IfNotBlocked
		reached[2][61] = 1;
		(trpt+1)->bup.oval = ((int)((P2 *)_this)->r);
		((P2 *)_this)->r = ((int)((P2 *)_this)->_3_6_l);
#ifdef VAR_RANGES
		logval(":init::r", ((int)((P2 *)_this)->r));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 32: // STATE 63 - protocol.pml:194 - [assert((r==lastpub))] (0:0:0 - 1)
		IfNotBlocked
		reached[2][63] = 1;
		spin_assert((((int)((P2 *)_this)->r)==((int)now.lastpub)), "(r==lastpub)", II, tt, t);
		_m = 3; goto P999; /* 0 */
	case 33: // STATE 64 - protocol.pml:195 - [assert(done[2])] (0:0:0 - 1)
		IfNotBlocked
		reached[2][64] = 1;
		spin_assert(((int)now.done[2]), "done[2]", II, tt, t);
		_m = 3; goto P999; /* 0 */
	case 34: // STATE 65 - protocol.pml:196 - [-end-] (0:0:0 - 1)
		IfNotBlocked
		reached[2][65] = 1;
		if (!delproc(1, II)) continue;
		_m = 3; goto P999; /* 0 */

		 /* PROC reader */
	case 35: // STATE 1 - protocol.pml:172 - [n = 1] (0:0:1 - 1)
		IfNotBlocked
		reached[1][1] = 1;
		(trpt+1)->bup.oval = ((int)((P1 *)_this)->n);
		((P1 *)_this)->n = 1;
#ifdef VAR_RANGES
		logval("reader:n", ((int)((P1 *)_this)->n));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 36: // STATE 2 - protocol.pml:172 - [((n<=1))] (0:0:0 - 1)
		IfNotBlocked
		reached[1][2] = 1;
		if (!((((int)((P1 *)_this)->n)<=1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 37: // STATE 3 - protocol.pml:134 - [g = 0] (0:11:6 - 1)
		IfNotBlocked
		reached[1][3] = 1;
		(trpt+1)->bup.ovals = grab_ints(6);
		(trpt+1)->bup.ovals[0] = ((int)((P1 *)_this)->_2_3_17_g);
		((P1 *)_this)->_2_3_17_g = 0;
#ifdef VAR_RANGES
		logval("reader:g", ((int)((P1 *)_this)->_2_3_17_g));
#endif
		;
		/* merge: sl = 0(11, 4, 11) */
		reached[1][4] = 1;
		(trpt+1)->bup.ovals[1] = ((int)((P1 *)_this)->_2_3_17_sl);
		((P1 *)_this)->_2_3_17_sl = 0;
#ifdef VAR_RANGES
		logval("reader:sl", ((int)((P1 *)_this)->_2_3_17_sl));
#endif
		;
		/* merge: q = 0(11, 5, 11) */
		reached[1][5] = 1;
		(trpt+1)->bup.ovals[2] = ((int)((P1 *)_this)->_2_3_17_q);
		((P1 *)_this)->_2_3_17_q = 0;
#ifdef VAR_RANGES
		logval("reader:q", ((int)((P1 *)_this)->_2_3_17_q));
#endif
		;
		/* merge: l = 0(11, 6, 11) */
		reached[1][6] = 1;
		(trpt+1)->bup.ovals[3] = ((int)((P1 *)_this)->_2_3_17_l);
		((P1 *)_this)->_2_3_17_l = 0;
#ifdef VAR_RANGES
		logval("reader:l", ((int)((P1 *)_this)->_2_3_17_l));
#endif
		;
		/* merge: r0 = 0(11, 7, 11) */
		reached[1][7] = 1;
		(trpt+1)->bup.ovals[4] = ((int)((P1 *)_this)->_2_3_17_r0);
		((P1 *)_this)->_2_3_17_r0 = 0;
#ifdef VAR_RANGES
		logval("reader:r0", ((int)((P1 *)_this)->_2_3_17_r0));
#endif
		;
		/* merge: r1 = 0(11, 8, 11) */
		reached[1][8] = 1;
		(trpt+1)->bup.ovals[5] = ((int)((P1 *)_this)->_2_3_17_r1);
		((P1 *)_this)->_2_3_17_r1 = 0;
#ifdef VAR_RANGES
		logval("reader:r1", ((int)((P1 *)_this)->_2_3_17_r1));
#endif
		;
		_m = 3; goto P999; /* 5 */
	case 38: // STATE 9 - protocol.pml:137 - [g = gen] (0:12:2 - 1)
		IfNotBlocked
		reached[1][9] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)((P1 *)_this)->_2_3_17_g);
		((P1 *)_this)->_2_3_17_g = ((int)now.gen);
#ifdef VAR_RANGES
		logval("reader:g", ((int)((P1 *)_this)->_2_3_17_g));
#endif
		;
		/* merge: sl = (g%2)(12, 10, 12) */
		reached[1][10] = 1;
		(trpt+1)->bup.ovals[1] = ((int)((P1 *)_this)->_2_3_17_sl);
		((P1 *)_this)->_2_3_17_sl = (((int)((P1 *)_this)->_2_3_17_g)%2);
#ifdef VAR_RANGES
		logval("reader:sl", ((int)((P1 *)_this)->_2_3_17_sl));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 39: // STATE 12 - protocol.pml:139 - [q = seq[sl]] (0:0:1 - 1)
		IfNotBlocked
		reached[1][12] = 1;
		(trpt+1)->bup.oval = ((int)((P1 *)_this)->_2_3_17_q);
		((P1 *)_this)->_2_3_17_q = ((int)now.seq[ Index(((int)((P1 *)_this)->_2_3_17_sl), 2) ]);
#ifdef VAR_RANGES
		logval("reader:q", ((int)((P1 *)_this)->_2_3_17_q));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 40: // STATE 13 - protocol.pml:143 - [((gen!=g))] (0:0:1 - 1)
		IfNotBlocked
		reached[1][13] = 1;
		if (!((((int)now.gen)!=((int)((P1 *)_this)->_2_3_17_g))))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: _2_3_17_g */  (trpt+1)->bup.oval = ((P1 *)_this)->_2_3_17_g;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P1 *)_this)->_2_3_17_g = 0;
		_m = 3; goto P999; /* 0 */
	case 41: // STATE 18 - protocol.pml:148 - [l = slen[sl]] (0:0:1 - 2)
		IfNotBlocked
		reached[1][18] = 1;
		(trpt+1)->bup.oval = ((int)((P1 *)_this)->_2_3_17_l);
		((P1 *)_this)->_2_3_17_l = ((int)now.slen[ Index(((int)((P1 *)_this)->_2_3_17_sl), 2) ]);
#ifdef VAR_RANGES
		logval("reader:l", ((int)((P1 *)_this)->_2_3_17_l));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 42: // STATE 19 - protocol.pml:151 - [(((q%2)==1))] (0:0:1 - 1)
		IfNotBlocked
		reached[1][19] = 1;
		if (!(((((int)((P1 *)_this)->_2_3_17_q)%2)==1)))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: _2_3_17_q */  (trpt+1)->bup.oval = ((P1 *)_this)->_2_3_17_q;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P1 *)_this)->_2_3_17_q = 0;
		_m = 3; goto P999; /* 0 */
	case 43: // STATE 24 - protocol.pml:155 - [r0 = d0[sl]] (0:0:1 - 2)
		IfNotBlocked
		reached[1][24] = 1;
		(trpt+1)->bup.oval = ((int)((P1 *)_this)->_2_3_17_r0);
		((P1 *)_this)->_2_3_17_r0 = ((int)now.d0[ Index(((int)((P1 *)_this)->_2_3_17_sl), 2) ]);
#ifdef VAR_RANGES
		logval("reader:r0", ((int)((P1 *)_this)->_2_3_17_r0));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 44: // STATE 25 - protocol.pml:156 - [r1 = d1[sl]] (0:0:1 - 1)
		IfNotBlocked
		reached[1][25] = 1;
		(trpt+1)->bup.oval = ((int)((P1 *)_this)->_2_3_17_r1);
		((P1 *)_this)->_2_3_17_r1 = ((int)now.d1[ Index(((int)((P1 *)_this)->_2_3_17_sl), 2) ]);
#ifdef VAR_RANGES
		logval("reader:r1", ((int)((P1 *)_this)->_2_3_17_r1));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 45: // STATE 26 - protocol.pml:160 - [((seq[sl]!=q))] (0:0:2 - 1)
		IfNotBlocked
		reached[1][26] = 1;
		if (!((((int)now.seq[ Index(((int)((P1 *)_this)->_2_3_17_sl), 2) ])!=((int)((P1 *)_this)->_2_3_17_q))))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: _2_3_17_sl */  (trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((P1 *)_this)->_2_3_17_sl;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P1 *)_this)->_2_3_17_sl = 0;
		if (TstOnly) return 1; /* TT */
		/* dead 1: _2_3_17_q */  (trpt+1)->bup.ovals[1] = ((P1 *)_this)->_2_3_17_q;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P1 *)_this)->_2_3_17_q = 0;
		_m = 3; goto P999; /* 0 */
	case 46: // STATE 31 - protocol.pml:164 - [assert(((l==r0)&&(r0==r1)))] (0:32:0 - 2)
		IfNotBlocked
		reached[1][31] = 1;
		spin_assert(((((int)((P1 *)_this)->_2_3_17_l)==((int)((P1 *)_this)->_2_3_17_r0))&&(((int)((P1 *)_this)->_2_3_17_r0)==((int)((P1 *)_this)->_2_3_17_r1))), "((l==r0)&&(r0==r1))", II, tt, t);
		_m = 3; goto P999; /* 0 */
	case 47: // STATE 32 - protocol.pml:165 - [assert(((pubidx[l]!=255)&&(pubidx[l]>=g)))] (0:0:0 - 1)
		IfNotBlocked
		reached[1][32] = 1;
		spin_assert(((((int)now.pubidx[ Index(((int)((P1 *)_this)->_2_3_17_l), 3) ])!=255)&&(((int)now.pubidx[ Index(((int)((P1 *)_this)->_2_3_17_l), 3) ])>=((int)((P1 *)_this)->_2_3_17_g))), "((pubidx[l]!=255)&&(pubidx[l]>=g))", II, tt, t);
		_m = 3; goto P999; /* 0 */
	case 48: // STATE 33 - protocol.pml:166 - [r = l] (0:38:3 - 1)
		IfNotBlocked
		reached[1][33] = 1;
		(trpt+1)->bup.ovals = grab_ints(3);
		(trpt+1)->bup.ovals[0] = ((int)((P1 *)_this)->r);
		((P1 *)_this)->r = ((int)((P1 *)_this)->_2_3_17_l);
#ifdef VAR_RANGES
		logval("reader:r", ((int)((P1 *)_this)->r));
#endif
		;
		if (TstOnly) return 1; /* TT */
		/* dead 2: r */  
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P1 *)_this)->r = 0;
		/* merge: n = (n+1)(38, 35, 38) */
		reached[1][35] = 1;
		(trpt+1)->bup.ovals[1] = ((int)((P1 *)_this)->n);
		((P1 *)_this)->n = (((int)((P1 *)_this)->n)+1);
#ifdef VAR_RANGES
		logval("reader:n", ((int)((P1 *)_this)->n));
#endif
		;
		/* merge: .(goto)(0, 39, 38) */
		reached[1][39] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 49: // STATE 41 - protocol.pml:175 - [-end-] (0:0:0 - 3)
		IfNotBlocked
		reached[1][41] = 1;
		if (!delproc(1, II)) continue;
		_m = 3; goto P999; /* 0 */

		 /* PROC writer */
	case 50: // STATE 1 - protocol.pml:65 - [k = 0] (0:0:1 - 1)
		IfNotBlocked
		reached[0][1] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->k);
		((P0 *)_this)->k = 0;
#ifdef VAR_RANGES
		logval("writer:k", ((int)((P0 *)_this)->k));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 51: // STATE 2 - protocol.pml:65 - [((k<=(1-1)))] (4:0:1 - 1)
		IfNotBlocked
		reached[0][2] = 1;
		if (!((((int)((P0 *)_this)->k)<=(1-1))))
			continue;
		/* merge: v = (self+(2*k))(0, 3, 4) */
		reached[0][3] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->v);
		((P0 *)_this)->v = (((int)((P0 *)_this)->self)+(2*((int)((P0 *)_this)->k)));
#ifdef VAR_RANGES
		logval("writer:v", ((int)((P0 *)_this)->v));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 52: // STATE 4 - protocol.pml:67 - [waiting = (waiting+1)] (0:0:1 - 1)
		IfNotBlocked
		reached[0][4] = 1;
		(trpt+1)->bup.oval = ((int)now.waiting);
		now.waiting = (((int)now.waiting)+1);
#ifdef VAR_RANGES
		logval("waiting", ((int)now.waiting));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 53: // STATE 5 - protocol.pml:70 - [((owner==0))] (28:0:1 - 1)
		IfNotBlocked
		reached[0][5] = 1;
		if (!((((int)now.owner)==0)))
			continue;
		/* merge: owner = self(0, 6, 28) */
		reached[0][6] = 1;
		(trpt+1)->bup.oval = ((int)now.owner);
		now.owner = ((int)((P0 *)_this)->self);
#ifdef VAR_RANGES
		logval("owner", ((int)now.owner));
#endif
		;
		/* merge: goto :b1(0, 8, 28) */
		reached[0][8] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 54: // STATE 9 - protocol.pml:72 - [((owner==self))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][9] = 1;
		if (!((((int)now.owner)==((int)((P0 *)_this)->self))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 55: // STATE 13 - protocol.pml:75 - [(((owner!=0)&&dead[owner]))] (23:0:1 - 1)
		IfNotBlocked
		reached[0][13] = 1;
		if (!(((((int)now.owner)!=0)&&((int)now.dead[ Index(((int)now.owner), 3) ]))))
			continue;
		/* merge: o = owner(0, 14, 23) */
		reached[0][14] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->o);
		((P0 *)_this)->o = ((int)now.owner);
#ifdef VAR_RANGES
		logval("writer:o", ((int)((P0 *)_this)->o));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 56: // STATE 16 - protocol.pml:78 - [((owner==o))] (28:0:2 - 1)
		IfNotBlocked
		reached[0][16] = 1;
		if (!((((int)now.owner)==((int)((P0 *)_this)->o))))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: o */  (trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((P0 *)_this)->o;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P0 *)_this)->o = 0;
		/* merge: owner = self(0, 17, 28) */
		reached[0][17] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.owner);
		now.owner = ((int)((P0 *)_this)->self);
#ifdef VAR_RANGES
		logval("owner", ((int)now.owner));
#endif
		;
		/* merge: goto :b1(0, 19, 28) */
		reached[0][19] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 57: // STATE 20 - protocol.pml:79 - [((owner!=o))] (0:0:1 - 1)
		IfNotBlocked
		reached[0][20] = 1;
		if (!((((int)now.owner)!=((int)((P0 *)_this)->o))))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: o */  (trpt+1)->bup.oval = ((P0 *)_this)->o;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P0 *)_this)->o = 0;
		_m = 3; goto P999; /* 0 */
	case 58: // STATE 28 - protocol.pml:83 - [waiting = (waiting-1)] (0:0:1 - 7)
		IfNotBlocked
		reached[0][28] = 1;
		(trpt+1)->bup.oval = ((int)now.waiting);
		now.waiting = (((int)now.waiting)-1);
#ifdef VAR_RANGES
		logval("waiting", ((int)now.waiting));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 59: // STATE 29 - protocol.pml:84 - [((self==1))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][29] = 1;
		if (!((((int)((P0 *)_this)->self)==1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 60: // STATE 30 - protocol.pml:84 - [dead[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][30] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.dead[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("dead[writer:self]", ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 31, 124) */
		reached[0][31] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		/* merge: goto died(0, 33, 124) */
		reached[0][33] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 61: // STATE 37 - protocol.pml:86 - [g = gen] (0:43:2 - 1)
		IfNotBlocked
		reached[0][37] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)((P0 *)_this)->g);
		((P0 *)_this)->g = ((int)now.gen);
#ifdef VAR_RANGES
		logval("writer:g", ((int)((P0 *)_this)->g));
#endif
		;
		/* merge: t = ((g+1)%2)(43, 38, 43) */
		reached[0][38] = 1;
		(trpt+1)->bup.ovals[1] = ((int)((P0 *)_this)->t);
		((P0 *)_this)->t = ((((int)((P0 *)_this)->g)+1)%2);
#ifdef VAR_RANGES
		logval("writer:t", ((int)((P0 *)_this)->t));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 62: // STATE 40 - protocol.pml:87 - [gen = (g+1)] (0:50:3 - 1)
		IfNotBlocked
		reached[0][40] = 1;
		(trpt+1)->bup.ovals = grab_ints(3);
		(trpt+1)->bup.ovals[0] = ((int)now.gen);
		now.gen = (((int)((P0 *)_this)->g)+1);
#ifdef VAR_RANGES
		logval("gen", ((int)now.gen));
#endif
		;
		/* merge: pubidx[v] = (g+1)(50, 41, 50) */
		reached[0][41] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.pubidx[ Index(((int)((P0 *)_this)->v), 3) ]);
		now.pubidx[ Index(((P0 *)_this)->v, 3) ] = (((int)((P0 *)_this)->g)+1);
#ifdef VAR_RANGES
		logval("pubidx[writer:v]", ((int)now.pubidx[ Index(((int)((P0 *)_this)->v), 3) ]));
#endif
		;
		/* merge: lastpub = v(50, 42, 50) */
		reached[0][42] = 1;
		(trpt+1)->bup.ovals[2] = ((int)now.lastpub);
		now.lastpub = ((int)((P0 *)_this)->v);
#ifdef VAR_RANGES
		logval("lastpub", ((int)now.lastpub));
#endif
		;
		_m = 3; goto P999; /* 2 */
	case 63: // STATE 44 - protocol.pml:88 - [((self==1))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][44] = 1;
		if (!((((int)((P0 *)_this)->self)==1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 64: // STATE 45 - protocol.pml:88 - [dead[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][45] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.dead[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("dead[writer:self]", ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 46, 124) */
		reached[0][46] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		/* merge: goto died(0, 48, 124) */
		reached[0][48] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 65: // STATE 52 - protocol.pml:95 - [s = (seq[t]|1)] (0:0:1 - 2)
		IfNotBlocked
		reached[0][52] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->s);
		((P0 *)_this)->s = (((int)now.seq[ Index(((int)((P0 *)_this)->t), 2) ])|1);
#ifdef VAR_RANGES
		logval("writer:s", ((int)((P0 *)_this)->s));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 66: // STATE 53 - protocol.pml:96 - [((self==1))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][53] = 1;
		if (!((((int)((P0 *)_this)->self)==1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 67: // STATE 54 - protocol.pml:96 - [dead[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][54] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.dead[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("dead[writer:self]", ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 55, 124) */
		reached[0][55] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		/* merge: goto died(0, 57, 124) */
		reached[0][57] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 68: // STATE 61 - protocol.pml:98 - [seq[t] = s] (0:0:1 - 2)
		IfNotBlocked
		reached[0][61] = 1;
		(trpt+1)->bup.oval = ((int)now.seq[ Index(((int)((P0 *)_this)->t), 2) ]);
		now.seq[ Index(((P0 *)_this)->t, 2) ] = ((int)((P0 *)_this)->s);
#ifdef VAR_RANGES
		logval("seq[writer:t]", ((int)now.seq[ Index(((int)((P0 *)_this)->t), 2) ]));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 69: // STATE 62 - protocol.pml:99 - [((self==1))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][62] = 1;
		if (!((((int)((P0 *)_this)->self)==1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 70: // STATE 63 - protocol.pml:99 - [dead[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][63] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.dead[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("dead[writer:self]", ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 64, 124) */
		reached[0][64] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		/* merge: goto died(0, 66, 124) */
		reached[0][66] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 71: // STATE 70 - protocol.pml:101 - [d0[t] = v] (0:0:1 - 2)
		IfNotBlocked
		reached[0][70] = 1;
		(trpt+1)->bup.oval = ((int)now.d0[ Index(((int)((P0 *)_this)->t), 2) ]);
		now.d0[ Index(((P0 *)_this)->t, 2) ] = ((int)((P0 *)_this)->v);
#ifdef VAR_RANGES
		logval("d0[writer:t]", ((int)now.d0[ Index(((int)((P0 *)_this)->t), 2) ]));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 72: // STATE 71 - protocol.pml:102 - [((self==1))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][71] = 1;
		if (!((((int)((P0 *)_this)->self)==1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 73: // STATE 72 - protocol.pml:102 - [dead[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][72] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.dead[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("dead[writer:self]", ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 73, 124) */
		reached[0][73] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		/* merge: goto died(0, 75, 124) */
		reached[0][75] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 74: // STATE 79 - protocol.pml:103 - [d1[t] = v] (0:0:1 - 2)
		IfNotBlocked
		reached[0][79] = 1;
		(trpt+1)->bup.oval = ((int)now.d1[ Index(((int)((P0 *)_this)->t), 2) ]);
		now.d1[ Index(((P0 *)_this)->t, 2) ] = ((int)((P0 *)_this)->v);
#ifdef VAR_RANGES
		logval("d1[writer:t]", ((int)now.d1[ Index(((int)((P0 *)_this)->t), 2) ]));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 75: // STATE 80 - protocol.pml:104 - [((self==1))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][80] = 1;
		if (!((((int)((P0 *)_this)->self)==1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 76: // STATE 81 - protocol.pml:104 - [dead[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][81] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.dead[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("dead[writer:self]", ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 82, 124) */
		reached[0][82] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		/* merge: goto died(0, 84, 124) */
		reached[0][84] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 77: // STATE 88 - protocol.pml:106 - [slen[t] = v] (0:0:1 - 2)
		IfNotBlocked
		reached[0][88] = 1;
		(trpt+1)->bup.oval = ((int)now.slen[ Index(((int)((P0 *)_this)->t), 2) ]);
		now.slen[ Index(((P0 *)_this)->t, 2) ] = ((int)((P0 *)_this)->v);
#ifdef VAR_RANGES
		logval("slen[writer:t]", ((int)now.slen[ Index(((int)((P0 *)_this)->t), 2) ]));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 78: // STATE 89 - protocol.pml:107 - [((self==1))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][89] = 1;
		if (!((((int)((P0 *)_this)->self)==1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 79: // STATE 90 - protocol.pml:107 - [dead[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][90] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.dead[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("dead[writer:self]", ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 91, 124) */
		reached[0][91] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		/* merge: goto died(0, 93, 124) */
		reached[0][93] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 80: // STATE 97 - protocol.pml:109 - [seq[t] = (s+1)] (0:0:1 - 2)
		IfNotBlocked
		reached[0][97] = 1;
		(trpt+1)->bup.oval = ((int)now.seq[ Index(((int)((P0 *)_this)->t), 2) ]);
		now.seq[ Index(((P0 *)_this)->t, 2) ] = (((int)((P0 *)_this)->s)+1);
#ifdef VAR_RANGES
		logval("seq[writer:t]", ((int)now.seq[ Index(((int)((P0 *)_this)->t), 2) ]));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 81: // STATE 98 - protocol.pml:110 - [((self==1))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][98] = 1;
		if (!((((int)((P0 *)_this)->self)==1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 82: // STATE 99 - protocol.pml:110 - [dead[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][99] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.dead[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("dead[writer:self]", ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 100, 124) */
		reached[0][100] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		/* merge: goto died(0, 102, 124) */
		reached[0][102] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 83: // STATE 106 - protocol.pml:122 - [owner = 0] (0:0:1 - 2)
		IfNotBlocked
		reached[0][106] = 1;
		(trpt+1)->bup.oval = ((int)now.owner);
		now.owner = 0;
#ifdef VAR_RANGES
		logval("owner", ((int)now.owner));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 84: // STATE 107 - protocol.pml:123 - [((self==1))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][107] = 1;
		if (!((((int)((P0 *)_this)->self)==1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 85: // STATE 108 - protocol.pml:123 - [dead[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][108] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.dead[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("dead[writer:self]", ((int)now.dead[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 109, 124) */
		reached[0][109] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		/* merge: goto died(0, 111, 124) */
		reached[0][111] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 86: // STATE 112 - protocol.pml:123 - [(1)] (118:0:1 - 1)
		IfNotBlocked
		reached[0][112] = 1;
		if (!(1))
			continue;
		/* merge: .(goto)(118, 114, 118) */
		reached[0][114] = 1;
		;
		/* merge: k = (k+1)(118, 115, 118) */
		reached[0][115] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->k);
		((P0 *)_this)->k = (((int)((P0 *)_this)->k)+1);
#ifdef VAR_RANGES
		logval("writer:k", ((int)((P0 *)_this)->k));
#endif
		;
		/* merge: .(goto)(0, 119, 118) */
		reached[0][119] = 1;
		;
		_m = 3; goto P999; /* 3 */
	case 87: // STATE 115 - protocol.pml:65 - [k = (k+1)] (0:118:1 - 2)
		IfNotBlocked
		reached[0][115] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->k);
		((P0 *)_this)->k = (((int)((P0 *)_this)->k)+1);
#ifdef VAR_RANGES
		logval("writer:k", ((int)((P0 *)_this)->k));
#endif
		;
		/* merge: .(goto)(0, 119, 118) */
		reached[0][119] = 1;
		;
		_m = 3; goto P999; /* 1 */
	case 88: // STATE 121 - protocol.pml:126 - [done[self] = 1] (0:124:2 - 1)
		IfNotBlocked
		reached[0][121] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.done[ Index(((int)((P0 *)_this)->self), 3) ]);
		now.done[ Index(((P0 *)_this)->self, 3) ] = 1;
#ifdef VAR_RANGES
		logval("done[writer:self]", ((int)now.done[ Index(((int)((P0 *)_this)->self), 3) ]));
#endif
		;
		/* merge: running = (running-1)(124, 122, 124) */
		reached[0][122] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.running);
		now.running = (((int)now.running)-1);
#ifdef VAR_RANGES
		logval("running", ((int)now.running));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 89: // STATE 125 - protocol.pml:129 - [-end-] (0:0:0 - 1)
		IfNotBlocked
		reached[0][125] = 1;
		if (!delproc(1, II)) continue;
		_m = 3; goto P999; /* 0 */
	case  _T5:	/* np_ */
		if (!((!(trpt->o_pm&4) && !(trpt->tau&128))))
			continue;
		/* else fall through */
	case  _T2:	/* true */
		_m = 3; goto P999;
#undef rand
	}

